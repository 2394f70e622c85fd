import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { IconCloudOff, IconCloudUp, IconWifi, IconWifiOff } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Go } from '../../lib/bridge';
import { useOnline } from '../../lib/online';

/** Connectivity and sync state, always visible in the header. */
export function StatusArea() {
  const { t } = useTranslation();
  const online = useOnline();
  // Cases, comments and feedback wait in the outbox until a server takes
  // them; the count is always visible so nothing seems lost.
  const waiting = useQuery({ queryKey: ['outboxCount'], queryFn: () => Go.OutboxCount(), refetchInterval: 5000 });
  const n = waiting.data ?? 0;
  return (
    <Group gap="xs" wrap="nowrap" role="status" aria-live="polite" data-testid="status-area">
      <Tooltip label={online ? t('status.online') : t('status.offlineHint')} multiline w={280}>
        <Badge
          variant="light"
          color={online ? 'teal' : 'orange'}
          leftSection={online ? <IconWifi size={14} aria-hidden /> : <IconWifiOff size={14} aria-hidden />}
          data-testid="online-badge"
        >
          {online ? t('status.online') : t('status.offline')}
        </Badge>
      </Tooltip>
      <Tooltip label={t('status.syncNotConnected')}>
        <Group gap={4} wrap="nowrap" data-testid="outbox-count">
          {n > 0 ? <IconCloudUp size={16} aria-hidden /> : <IconCloudOff size={16} aria-hidden />}
          <Text size="sm" c={n > 0 ? undefined : 'dimmed'} visibleFrom="sm">
            {n > 0 ? t('status.waiting', { count: n }) : t('status.nothingWaiting')}
          </Text>
        </Group>
      </Tooltip>
    </Group>
  );
}
