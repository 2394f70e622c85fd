import { Button, Card, Group, Stack, Textarea } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAutosave } from '../../../hooks/useAutosave';
import type { portal } from '../../../lib/bridge';
import { errorText } from '../../../lib/errors';
import { commentFiles, saveCommentDraft, useAddComment, useCaseRefresh } from '../api/cases';
import { AttachmentPicker } from './AttachmentPicker';

const AUTOSAVE_MS = 300;

/**
 * The comment being written on a case, with its files. It is saved as the
 * user types, like a case draft, and sent with Send or Ctrl+Enter.
 */
export function CommentBox(props: { case: portal.CaseDetail }) {
  const c = props.case;
  const { t } = useTranslation();
  const add = useAddComment(c.id);
  const refreshCase = useCaseRefresh();
  const [body, setBody] = useState(c.commentDraft ?? '');
  const autosave = useAutosave((v: string) => saveCommentDraft(c.id, v), AUTOSAVE_MS);

  const typed = (v: string) => {
    setBody(v);
    autosave.schedule(v);
  };

  const send = async () => {
    // The comment goes as a comment now, not as a draft.
    autosave.cancel();
    try {
      await add.mutateAsync(body);
      setBody('');
    } catch {
      // shown below; the text stays in the box
    }
  };

  return (
    <Card withBorder padding="md">
      <Stack gap="xs">
        <Textarea
          label={t('cases.addComment')}
          description={c.status === 'solved' ? `${t('cases.reopenHint')} ${t('cases.sendHint')}` : t('cases.sendHint')}
          autosize
          minRows={3}
          value={body}
          onChange={(e) => typed(e.currentTarget.value)}
          onKeyDown={(e) => {
            // Ctrl+Enter (Cmd+Enter on macOS) sends, as in mail programs.
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && body.trim()) {
              e.preventDefault();
              void send();
            }
          }}
          data-testid="comment-body"
          error={add.isError ? errorText(add.error, t) : undefined}
        />
        <AttachmentPicker
          draftId={c.id}
          ensureDraft={async () => c.id}
          attachments={c.commentDraftAttachments ?? []}
          onChanged={() => refreshCase(c.id)}
          target={commentFiles}
        />
        <Group justify="flex-end">
          <Button leftSection={<IconSend size={16} aria-hidden />} onClick={() => void send()} loading={add.isPending} disabled={!body.trim()} data-testid="comment-send">
            {t('cases.send')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
