import { Anchor, Card, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../../lib/format';
import { useFormatPrefs } from '../../../lib/settings';
import { useDrafts } from '../api/cases';

/** The user's other drafts, to go on with one of them. */
export function DraftsList(props: { current: string }) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const drafts = useDrafts();
  const others = (drafts.data ?? []).filter((d) => d.id !== props.current);
  if (others.length === 0) return null;
  return (
    <Card withBorder padding="sm" data-testid="drafts-list">
      <Text fw={600} size="sm" mb={4}>
        {t('contact.otherDrafts', { count: others.length })}
      </Text>
      <Stack gap={2}>
        {others.map((d) => (
          <Group key={d.id} justify="space-between">
            <Anchor component={Link} to={`/contact/${d.id}`} size="sm">
              {d.subject || t('contact.untitled')}
            </Anchor>
            <Text size="xs" c="dimmed">
              {formatDateTime(d.updatedAt, prefs)}
            </Text>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}
