import { Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function EmptyState(props: { icon: ReactNode; title: string; text: string; action?: ReactNode }) {
  return (
    <Stack align="center" gap="sm" py={64} maw={520} mx="auto" ta="center" data-testid="empty-state">
      <ThemeIcon size={64} radius="xl" variant="light" aria-hidden>
        {props.icon}
      </ThemeIcon>
      <Title order={2} size="h3">
        {props.title}
      </Title>
      <Text c="dimmed">{props.text}</Text>
      {props.action}
    </Stack>
  );
}
