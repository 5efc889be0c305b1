import { ActionIcon, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';

/** Switches between the light and dark themes (remembered by Mantine in localStorage). */
export function ThemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const current = useComputedColorScheme('light');
  const next = current === 'light' ? 'dark' : 'light';
  return (
    <ActionIcon
      variant="default"
      size="lg"
      aria-label={`Use the ${next} theme`}
      onClick={() => setColorScheme(next)}
    >
      {current === 'light' ? '☾' : '☀'}
    </ActionIcon>
  );
}
