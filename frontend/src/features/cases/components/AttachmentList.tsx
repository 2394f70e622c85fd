import { ActionIcon, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconDownload, IconExternalLink, IconPaperclip } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { portal } from '../../../lib/bridge';
import { errorText } from '../../../lib/errors';
import { useFormatPrefs } from '../../../lib/settings';
import { openAttachment, saveAttachmentAs } from '../api/cases';
import { fileSize } from './AttachmentPicker';

/** The files of a case or a comment, each to open or to save elsewhere. */
export function AttachmentList(props: { items: portal.Attachment[] }) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const [err, setErr] = useState<unknown>(null);
  if (props.items.length === 0) return null;
  return (
    <Stack gap={4}>
      {props.items.map((a) => (
        <Group key={a.id} gap="xs" data-testid="case-attachment">
          <IconPaperclip size={14} aria-hidden />
          <Text size="sm">{a.name}</Text>
          <Text size="xs" c="dimmed">
            {fileSize(a.size, prefs.locale)}
          </Text>
          <Tooltip label={t('cases.open')}>
            <ActionIcon variant="subtle" size="sm" aria-label={t('cases.openName', { name: a.name })} onClick={() => openAttachment(a.id).catch(setErr)}>
              <IconExternalLink size={14} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t('cases.saveAs')}>
            <ActionIcon variant="subtle" size="sm" aria-label={t('cases.saveAsName', { name: a.name })} onClick={() => saveAttachmentAs(a.id).catch(setErr)}>
              <IconDownload size={14} />
            </ActionIcon>
          </Tooltip>
        </Group>
      ))}
      {err ? <Text c="red" size="sm">{errorText(err, t)}</Text> : null}
    </Stack>
  );
}
