import { Alert, Anchor, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { openDownloadPage, useUpdate } from '../api/settings';

/**
 * A quiet note that a newer version exists, with a link to the vendor's
 * download page (opened in the browser). Nothing when the app is current.
 */
export function UpdateNotice() {
  const { t } = useTranslation();
  const u = useUpdate().data;
  if (!u?.available) return null;
  return (
    <Alert variant="light" color="indigo" p="xs" icon={<IconDownload size={16} aria-hidden />} role="status" data-testid="update-notice">
      <Text size="xs">{t('update.available', { version: u.latest })}</Text>
      <Anchor
        component="button"
        type="button"
        size="xs"
        onClick={() => void openDownloadPage(u.downloadUrl)}
        data-testid="update-download"
      >
        {t('update.download')}
      </Anchor>
    </Alert>
  );
}
