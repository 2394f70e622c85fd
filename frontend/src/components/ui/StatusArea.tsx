import { ActionIcon, Badge, Group, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCloudCheck, IconCloudOff, IconCloudUp, IconRefresh, IconWifi, IconWifiOff } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Go } from '../../lib/bridge';
import { errorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useOnline } from '../../lib/online';
import { useFormatPrefs } from '../../features/settings/api/settings';

/**
 * Connectivity and sync state, always visible in the header: online or
 * offline, what waits to be sent (so nothing seems lost), the last sync,
 * its error, and Sync now.
 */
export function StatusArea() {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const online = useOnline();
  const qc = useQueryClient();
  const status = useQuery({ queryKey: ['syncStatus'], queryFn: () => Go.GetSyncStatus(), refetchInterval: 5000 });
  const [kicking, setKicking] = useState(false);
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

  const syncNow = async () => {
    setKicking(true);
    try {
      await Go.SyncNow();
    } finally {
      setTimeout(() => {
        setKicking(false);
        void qc.invalidateQueries({ queryKey: ['syncStatus'] });
      }, 800);
    }
  };

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
      {s?.rejected ? (
        <Badge color="orange" variant="light" data-testid="rejected-count">
          {t('status.rejected', { count: s.rejected })}
        </Badge>
      ) : null}
      {s?.signedIn ? (
        <Tooltip label={t('status.syncNow')}>
          <ActionIcon variant="subtle" aria-label={t('status.syncNow')} onClick={() => void syncNow()} loading={kicking} data-testid="sync-now">
            <IconRefresh size={16} />
          </ActionIcon>
        </Tooltip>
      ) : null}
    </Group>
  );
}
