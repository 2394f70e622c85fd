import { Group, Text } from '@mantine/core';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { AutosaveState } from '../../../hooks/useAutosave';
import { formatDateTime } from '../../../lib/format';
import { useFormatPrefs } from '../../../lib/settings';

/** Where the draft's autosave stands: saving, failed, saved at, or the hint that it saves itself. */
export function DraftState(props: { state: AutosaveState }) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const s = props.state;
  return (
    <Group gap={6} aria-live="polite" data-testid="draft-state">
      <IconDeviceFloppy size={16} aria-hidden />
      <Text size="sm" c="dimmed">
        {s.saving
          ? t('contact.saving')
          : s.error
            ? t('contact.saveFailed')
            : s.savedAt
              ? t('contact.savedAt', { time: formatDateTime(s.savedAt, prefs) })
              : t('contact.autosaveHint')}
      </Text>
    </Group>
  );
}
