import { ActionIcon, Badge, Group, Progress, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCloudCheck, IconCloudOff, IconCloudUp, IconRefresh, IconWifi, IconWifiOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useOnline } from '../../../hooks/useOnline';
import { errorText } from '../../../lib/errors';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { useFormatPrefs } from '../../../lib/settings';
import { useSyncStatus } from '../../../lib/syncStatus';
import { useSyncNow, useSyncProgress } from '../api/sync';

/**
 * Connectivity and sync state, always visible in the header: online or
 * offline, what waits to be sent (so nothing seems lost), the last sync,
 * its error, and Sync now.
 */
export function StatusArea() {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const online = useOnline();
  const status = useSyncStatus();
  const syncNow = useSyncNow();
  // Progress of a long sync (a first sync) and of file transfers.
  const { received, transfer } = useSyncProgress();
  const s = status.data;
  const waiting = s?.waiting ?? 0;

  let icon = <IconCloudOff size={16} aria-hidden />;
  let text = waiting > 0 ? t('status.waiting', { count: waiting }) : t('status.nothingWaiting');
  let tip = t('status.syncNotConnected');
  let color: string | undefined = waiting > 0 ? undefined : 'dimmed';
  if (s?.signedIn) {
    tip = s.serverUrl;
    if (s.lastError) {
      icon = <IconAlertTriangle size={16} color="var(--mantine-color-orange-6)" aria-hidden />;
      tip = t('status.syncFailed', { error: errorText(s.lastError, t) });
    } else if (waiting > 0) {
      icon = <IconCloudUp size={16} aria-hidden />;
    } else {
      icon = <IconCloudCheck size={16} aria-hidden />;
      text = s.lastSyncAt ? t('status.synced', { time: formatDateTime(s.lastSyncAt, prefs) }) : t('status.syncing');
      color = 'dimmed';
    }
  } else if (waiting > 0) {
    icon = <IconCloudUp size={16} aria-hidden />;
  }

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
      <Tooltip label={tip} multiline maw={360}>
        <Group gap={4} wrap="nowrap" data-testid="outbox-count">
          {icon}
          <Text size="sm" c={color} visibleFrom="sm">
            {text}
          </Text>
        </Group>
      </Tooltip>
      {received > 0 ? (
        <Text size="sm" c="dimmed" data-testid="sync-progress">
          {t('status.received', { count: received, formatted: formatNumber(received, prefs) })}
        </Text>
      ) : null}
      {transfer ? (
        <Group gap={4} wrap="nowrap" data-testid="transfer-progress">
          <Text size="xs" c="dimmed" maw={160} truncate>
            {t('status.sending', { name: transfer.name })}
          </Text>
          <Progress value={(100 * transfer.done) / Math.max(1, transfer.total)} w={80} aria-label={t('status.sending', { name: transfer.name })} />
        </Group>
      ) : null}
      {s?.rejected ? (
        <Badge color="orange" variant="light" data-testid="rejected-count">
          {t('status.rejected', { count: s.rejected })}
        </Badge>
      ) : null}
      {s?.signedIn ? (
        <Tooltip label={t('status.syncNow')}>
          <ActionIcon variant="subtle" aria-label={t('status.syncNow')} onClick={() => syncNow.mutate()} loading={syncNow.isPending} data-testid="sync-now">
            <IconRefresh size={16} />
          </ActionIcon>
        </Tooltip>
      ) : null}
    </Group>
  );
}
