import { ActionIcon, Alert, Button, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { IconPaperclip, IconTrash, IconUpload } from '@tabler/icons-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { portal } from '../../../lib/bridge';
import { errorText } from '../../../lib/errors';
import { onEvent } from '../../../lib/events';
import { formatNumber } from '../../../lib/format';
import { useBootstrap, useFormatPrefs } from '../../../lib/settings';
import { type AttachTarget, draftFiles, removeAttachment, useAttachmentProgress, type Progress as P } from '../api/cases';

export type { DroppedFiles } from '../../../lib/events';

export function fileSize(bytes: number, locale: string) {
  const prefs = { locale, timeZone: '' };
  if (bytes < 1024) return `${formatNumber(bytes, prefs)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(Math.round(bytes / 102.4) / 10, prefs)} KB`;
  return `${formatNumber(Math.round(bytes / 104857.6) / 10, prefs)} MB`;
}

/**
 * Calls onDrop with the tokens of files dropped on the element (Go grants
 * the dropped paths and sends "files:dropped"; the page never sees a path).
 */
export function useFileDrop(zone: { current: HTMLElement | null }, onDrop: (tokens: string[]) => void) {
  useEffect(() => {
    return onEvent('files:dropped', (d) => {
      // The zone's own box, not elementFromPoint: a toast or a closing
      // drawer above the zone must not swallow the user's drop.
      const r = zone.current?.getBoundingClientRect();
      if (!r || d.x < r.left || d.x > r.right || d.y < r.top || d.y > r.bottom || d.files.length === 0) return;
      onDrop(d.files.map((f) => f.token));
    });
  }, [zone, onDrop]);
}

/**
 * Attachments of a draft: the native file dialog or files dropped on the
 * zone (Go hands the page a token for each dropped file). Files are copied
 * into the app's data folder, with progress for large ones.
 */
export function AttachmentPicker(props: {
  /** The draft (or case, for a comment) the files belong to; '' until created. */
  draftId: string;
  ensureDraft: () => Promise<string>;
  attachments: portal.Attachment[];
  onChanged: () => void;
  /** Where the files go: a case draft unless the comment box says otherwise. */
  target?: AttachTarget;
}) {
  const { choose, addPaths } = props.target ?? draftFiles;
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  // Limits come from the vendor profile (the server's, once synced).
  const vendor = useBootstrap().data?.vendor;
  const maxFiles = vendor?.maxAttachments ?? 20;
  const maxMb = Math.round((vendor?.maxAttachmentBytes ?? 50 << 20) / (1 << 20));
  const [errors, setErrors] = useState<portal.AttachmentError[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [progress, setProgress] = useState<Record<string, P>>({});
  const [busy, setBusy] = useState(false);

  useAttachmentProgress(
    useCallback(
      (p: P) => {
        if (p.draftId !== props.draftId) return;
        setProgress((cur) => ({ ...cur, [p.name]: p }));
      },
      [props.draftId],
    ),
  );

  const handle = useCallback(
    async (run: (id: string) => Promise<portal.AttachmentResult>) => {
      setBusy(true);
      setFailure(null);
      try {
        const id = await props.ensureDraft();
        const r = await run(id);
        setErrors(r.errors ?? []);
      } catch (e) {
        setFailure(e);
      } finally {
        setBusy(false);
        setProgress({});
        props.onChanged();
      }
    },
    [props],
  );

  const zone = useRef<HTMLDivElement>(null);
  useFileDrop(
    zone,
    useCallback((tokens: string[]) => void handle((id) => addPaths(id, tokens)), [handle, addPaths]),
  );

  const inFlight = Object.values(progress).filter((p) => p.copied < p.total);
  return (
    <Stack gap="xs">
      <Paper
        ref={zone}
        withBorder
        p="md"
        radius="md"
        style={{ borderStyle: 'dashed', ['--wails-drop-target' as string]: 'drop' }}
        data-testid="attach-zone"
      >
        <Group justify="space-between">
          <Group gap="xs">
            <IconUpload size={18} aria-hidden />
            <Text size="sm" c="dimmed">
              {t('contact.dropHere', { maxFiles, maxMb })}
            </Text>
          </Group>
          <Button
            variant="default"
            size="xs"
            leftSection={<IconPaperclip size={14} aria-hidden />}
            loading={busy}
            onClick={() => void handle((id) => choose(id, t('contact.chooseDialog')))}
            data-testid="attach-choose"
          >
            {t('contact.addFiles')}
          </Button>
        </Group>
      </Paper>
      {inFlight.map((p) => (
        <div key={p.name}>
          <Text size="xs">{t('contact.copying', { name: p.name })}</Text>
          <Progress value={(100 * p.copied) / Math.max(1, p.total)} aria-label={p.name} />
        </div>
      ))}
      {failure ? <Alert color="red">{errorText(failure, t)}</Alert> : null}
      {errors.map((e) => (
        <Alert key={e.path} color="red" variant="light" data-testid="attach-error">
          <b>{e.name}</b>: {errorText(JSON.stringify(e.error), t)}
        </Alert>
      ))}
      {props.attachments.map((a) => (
        <Group key={a.id} justify="space-between" data-testid="attachment">
          <Group gap="xs">
            {a.thumbnail ? (
              <img src={a.thumbnail} alt="" width={40} height={40} style={{ objectFit: 'cover', borderRadius: 4 }} data-testid="attachment-thumb" />
            ) : (
              <IconPaperclip size={14} aria-hidden />
            )}
            <Text size="sm">{a.name}</Text>
            <Text size="xs" c="dimmed">
              {fileSize(a.size, prefs.locale)}
            </Text>
          </Group>
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={t('contact.removeAttachment', { name: a.name })}
            onClick={async () => {
              await removeAttachment(a.id);
              props.onChanged();
            }}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
    </Stack>
  );
}
