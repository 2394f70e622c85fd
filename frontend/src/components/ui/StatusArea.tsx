import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { IconCloudOff, IconWifi, IconWifiOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useOnline } from '../../lib/online';

/** Connectivity and sync state, always visible in the header. */
export function StatusArea() {
  const { t } = useTranslation();
  const online = useOnline();
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
      <Tooltip label={t('status.nothingWaiting')}>
        <Group gap={4} wrap="nowrap">
          <IconCloudOff size={16} aria-hidden />
          <Text size="sm" c="dimmed" visibleFrom="md">
            {t('status.syncNotConnected')}
          </Text>
        </Group>
      </Tooltip>
    </Group>
  );
}
