import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { portal } from '../../../lib/bridge';
import { formatDateTime } from '../../../lib/format';
import { useFormatPrefs } from '../../../lib/settings';
import { AttachmentList } from './AttachmentList';

/** The comments of a case, the customer's on one side and support's on the other. */
export function Conversation(props: { comments: portal.Comment[] }) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  if (props.comments.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        {t('cases.noComments')}
      </Text>
    );
  }
  return (
    <Stack gap="sm" data-testid="conversation">
      {props.comments.map((m) => (
        <Paper
          key={m.id}
          withBorder
          p="sm"
          radius="md"
          ml={m.authorKind === 'customer' ? 48 : 0}
          mr={m.authorKind === 'customer' ? 0 : 48}
          bg={m.authorKind === 'support' ? 'var(--mantine-color-blue-light)' : undefined}
          data-testid="comment"
        >
          <Group justify="space-between" mb={4}>
            <Text size="sm" fw={600}>
              {m.authorName} {m.authorKind === 'support' ? <Badge size="xs">{t('cases.support')}</Badge> : null}
            </Text>
            <Text size="xs" c="dimmed">
              {m.pending ? t('cases.pendingComment') : formatDateTime(m.createdAt, prefs)}
            </Text>
          </Group>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {m.body}
          </Text>
          <AttachmentList items={m.attachments ?? []} />
        </Paper>
      ))}
    </Stack>
  );
}
