import { Stack, Text, Timeline, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { portal } from '../../../lib/bridge';
import { formatDateTime } from '../../../lib/format';
import { useFormatPrefs } from '../../../lib/settings';

/** When the case went to which status. */
export function StatusHistory(props: { history: portal.StatusChange[] }) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  if (props.history.length === 0) return null;
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        {t('cases.history')}
      </Title>
      <Timeline bulletSize={12} lineWidth={2} data-testid="status-history">
        {props.history.map((h, i) => (
          <Timeline.Item key={i} title={t(`status.case.${h.to}`)}>
            <Text size="xs" c="dimmed">
              {formatDateTime(h.at, prefs)}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
    </Stack>
  );
}
