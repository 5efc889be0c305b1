import { Button, Group, NativeSelect, SimpleGrid, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { ListFilters } from '../api/use-admin-page';

/** The text fields of the filter form and the query parameter each one sets. */
const textFields = [
  ['route', 'Route'],
  ['provider', 'Provider'],
  ['tenant_id', 'Tenant id'],
  ['app_id', 'App id'],
  ['key_id', 'Key id'],
  ['error_code', 'Error code'],
  ['request_id', 'Request id'],
] as const;

type Draft = Record<(typeof textFields)[number][0] | 'status' | 'status_code' | 'from' | 'to', string>;
const emptyDraft: Draft = {
  route: '',
  provider: '',
  tenant_id: '',
  app_id: '',
  key_id: '',
  error_code: '',
  request_id: '',
  status: '',
  status_code: '',
  from: '',
  to: '',
};

/** The API's rules: HTTP status 100..599, `to` after `from`. */
function checkDraft(draft: Draft): Partial<Record<keyof Draft, string>> {
  const errors: Partial<Record<keyof Draft, string>> = {};
  if (draft.status_code !== '' && !/^[1-5]\d\d$/.test(draft.status_code))
    errors.status_code = 'A status from 100 to 599.';
  if (draft.from !== '' && draft.to !== '' && new Date(draft.to) <= new Date(draft.from))
    errors.to = 'Must be after "From".';
  return errors;
}

/** Filters of the call-log explorer; applied on submit, so typing sends no request. */
export function CallFiltersForm({ onApply }: { onApply: (filters: ListFilters) => void }) {
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const errors = checkDraft(draft);
  const set = (field: keyof Draft) => (value: string) =>
    setDraft((before) => ({ ...before, [field]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (Object.keys(errors).length > 0) return;
    const filters: ListFilters = {};
    for (const [field, value] of Object.entries(draft)) {
      if (value.trim() === '') continue;
      filters[field] = field === 'from' || field === 'to' ? String(new Date(value).getTime()) : value.trim();
    }
    onApply(filters);
  };
  return (
    <form onSubmit={submit} aria-label="Filter calls" role="search">
      <SimpleGrid cols={{ base: 2, md: 4, lg: 6 }} spacing="xs">
        <TextInput
          label="From"
          type="datetime-local"
          value={draft.from}
          onChange={(event) => set('from')(event.currentTarget.value)}
        />
        <TextInput
          label="To"
          type="datetime-local"
          value={draft.to}
          error={errors.to}
          onChange={(event) => set('to')(event.currentTarget.value)}
        />
        <NativeSelect
          label="Outcome"
          data={[
            { value: '', label: 'Any' },
            { value: 'ok', label: 'Succeeded' },
            { value: 'error', label: 'Failed' },
          ]}
          value={draft.status}
          onChange={(event) => set('status')(event.currentTarget.value)}
        />
        <TextInput
          label="HTTP status"
          inputMode="numeric"
          value={draft.status_code}
          error={errors.status_code}
          onChange={(event) => set('status_code')(event.currentTarget.value)}
        />
        {textFields.map(([field, label]) => (
          <TextInput
            key={field}
            label={label}
            maxLength={200}
            value={draft[field]}
            onChange={(event) => set(field)(event.currentTarget.value)}
          />
        ))}
      </SimpleGrid>
      <Group mt="sm">
        <Button type="submit">Apply filters</Button>
        <Button
          variant="default"
          onClick={() => {
            setDraft(emptyDraft);
            onApply({});
          }}
        >
          Clear
        </Button>
      </Group>
    </form>
  );
}
