import { Badge } from '@mantine/core';
import type { ModelRoute } from '../api/admin-types';

const lifecycleColor: Record<ModelRoute['lifecycle'], string> = {
  draft: 'gray',
  published: 'green',
  deprecated: 'orange',
  retired: 'red',
};

/** A route's or service's lifecycle, coloured by how usable it is. */
export function LifecycleBadge({ lifecycle }: { lifecycle: ModelRoute['lifecycle'] }) {
  return (
    <Badge variant="light" color={lifecycleColor[lifecycle]}>
      {lifecycle}
    </Badge>
  );
}
