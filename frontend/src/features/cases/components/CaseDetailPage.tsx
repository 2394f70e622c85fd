import { ActionIcon, Alert, Anchor, Badge, Button, Card, Group, Loader, Paper, Stack, Text, Textarea, Timeline, Title, Tooltip } from '@mantine/core';
import { IconArrowLeft, IconCircleCheck, IconDownload, IconExternalLink, IconLock, IconPaperclip, IconSend } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { Go, type portal } from '../../../lib/bridge';
import { errorText } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { useFormatPrefs, useSettings } from '../../settings/api/settings';
import { useAddComment, useCase, useComponentCategories } from '../api/cases';
import { AttachmentPicker, fileSize } from './AttachmentPicker';
import { caseNumber, categoryName, priorityColor, statusColor } from './labels';

function AttachmentList(props: { items: portal.Attachment[] }) {
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
            <ActionIcon variant="subtle" size="sm" aria-label={t('cases.openName', { name: a.name })} onClick={() => Go.OpenAttachment(a.id).catch(setErr)}>
              <IconExternalLink size={14} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t('cases.saveAs')}>
            <ActionIcon variant="subtle" size="sm" aria-label={t('cases.saveAsName', { name: a.name })} onClick={() => Go.SaveAttachmentAs(a.id).catch(setErr)}>
              <IconDownload size={14} />
            </ActionIcon>
          </Tooltip>
        </Group>
      ))}
      {err ? <Text c="red" size="sm">{errorText(err, t)}</Text> : null}
    </Stack>
  );
}

export function CaseDetailPage() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const prefs = useFormatPrefs();
  const lang = useSettings()?.language ?? 'en';
  const cats = useComponentCategories();
  const detail = useCase(caseId);
  const add = useAddComment(caseId);
  const qc = useQueryClient();
  const [body, setBody] = useState<string | null>(null);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // The comment being typed is saved as the user types, like a case draft.
  useEffect(() => {
    if (body === null && detail.data) setBody(detail.data.commentDraft ?? '');
  }, [body, detail.data]);
  const typed = (v: string) => {
    setBody(v);
    if (saveTimer.current) clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(() => void Go.SaveCommentDraft(caseId, v).catch(() => undefined), 300);
  };

  if (detail.isError) {
    return (
      <Stack maw={820}>
        <Alert color="red" role="alert">
          {errorText(detail.error, t)}
        </Alert>
        <Button component={Link} to="/cases" variant="default" w="fit-content">
          {t('nav.cases')}
        </Button>
      </Stack>
    );
  }
  if (!detail.data) return <Loader aria-label={t('common.loading')} />;
  const c = detail.data;

  const send = async () => {
    if (saveTimer.current) clearTimeout(saveTimer.current);
    try {
      await add.mutateAsync(body ?? '');
      setBody('');
    } catch {
      // shown below; the text stays in the box
    }
  };

  return (
    <Stack gap="md" maw={900}>
      <Group>
        <Button variant="subtle" leftSection={<IconArrowLeft size={16} aria-hidden />} component={Link} to="/cases">
          {t('nav.cases')}
        </Button>
      </Group>
      <Group justify="space-between" align="flex-start">
        <div>
          <Text size="sm" c="dimmed" data-testid="case-number">
            {caseNumber(c.number, t)}
          </Text>
          <Title order={2} data-testid="case-title">
            {c.subject}
          </Title>
          <Text size="sm" c="dimmed">
            {categoryName(cats.data, c.categoryId, c.subcategoryId, lang)} · {t('cases.opened', { time: formatDateTime(c.createdAt, prefs) })}
          </Text>
        </div>
        <Group gap="xs">
          <Badge size="lg" color={statusColor[c.status]} variant="light" data-testid="case-status">
            {t(`status.case.${c.status}`)}
          </Badge>
          <Badge size="lg" color={priorityColor[c.priority]} variant="dot">
            {t(`priority.${c.priority}`)}
          </Badge>
        </Group>
      </Group>
      {c.status === 'waiting_to_send' ? (
        <Alert color="orange" data-testid="waiting-note">
          {t('cases.waitingNote')}
        </Alert>
      ) : null}
      {c.followUpOfCase ? (
        <Text size="sm">
          {t('cases.followUpOf')}{' '}
          <Anchor component={Link} to={`/cases/${c.followUpOfCase.id}`}>
            {caseNumber(c.followUpOfCase.number, t)} {c.followUpOfCase.subject}
          </Anchor>
        </Text>
      ) : null}

      {c.solution ? (
        <Paper withBorder p="md" radius="md" bg="var(--mantine-color-teal-light)" data-testid="case-solution">
          <Group gap="xs" mb={4}>
            <IconCircleCheck size={18} color="var(--mantine-color-teal-6)" aria-hidden />
            <Text fw={700}>{t('cases.solution')}</Text>
          </Group>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{c.solution.text}</Text>
          {c.solution.articleId ? (
            <Anchor component={Link} to={`/knowledge/a/${c.solution.articleId}`} size="sm">
              {t('cases.solutionArticle')}
            </Anchor>
          ) : null}
        </Paper>
      ) : null}

      <Card withBorder padding="md">
        <Text fw={600} mb={4}>
          {t('contact.description')}
        </Text>
        <Text style={{ whiteSpace: 'pre-wrap' }}>{c.description}</Text>
        <AttachmentList items={c.attachments ?? []} />
      </Card>

      <Title order={3} size="h4">
        {t('cases.conversation')}
      </Title>
      {(c.comments ?? []).length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('cases.noComments')}
        </Text>
      ) : (
        <Stack gap="sm" data-testid="conversation">
          {c.comments.map((m) => (
            <Paper
              key={m.id}
              withBorder
              p="sm"
              radius="md"
              ml={m.authorKind === 'customer' ? 48 : 0}
              mr={m.authorKind === 'customer' ? 0 : 48}
              bg={m.authorKind === 'support' ? 'var(--mantine-color-blue-light)' : undefined}
              data-testid="comment"
            >
              <Group justify="space-between" mb={4}>
                <Text size="sm" fw={600}>
                  {m.authorName} {m.authorKind === 'support' ? <Badge size="xs">{t('cases.support')}</Badge> : null}
                </Text>
                <Text size="xs" c="dimmed">
                  {m.pending ? t('cases.pendingComment') : formatDateTime(m.createdAt, prefs)}
                </Text>
              </Group>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {m.body}
              </Text>
              <AttachmentList items={m.attachments ?? []} />
            </Paper>
          ))}
        </Stack>
      )}

      {c.canComment ? (
        <Card withBorder padding="md">
          <Stack gap="xs">
            <Textarea
              label={t('cases.addComment')}
              description={c.status === 'solved' ? `${t('cases.reopenHint')} ${t('cases.sendHint')}` : t('cases.sendHint')}
              autosize
              minRows={3}
              value={body ?? ''}
              onChange={(e) => typed(e.currentTarget.value)}
              onKeyDown={(e) => {
                // Ctrl+Enter (Cmd+Enter on macOS) sends, as in mail programs.
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && (body ?? '').trim()) {
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
              onChanged={() => void qc.invalidateQueries({ queryKey: ['case', caseId] })}
              choose={Go.ChooseCommentAttachments}
              addPaths={Go.AddCommentAttachmentPaths}
            />
            <Group justify="flex-end">
              <Button leftSection={<IconSend size={16} aria-hidden />} onClick={() => void send()} loading={add.isPending} disabled={!(body ?? '').trim()} data-testid="comment-send">
                {t('cases.send')}
              </Button>
            </Group>
          </Stack>
        </Card>
      ) : (
        <Alert color="gray" icon={<IconLock aria-hidden />} data-testid="case-closed-note">
          <Group justify="space-between">
            <Text size="sm">{t('cases.closedNote')}</Text>
            {c.canFollowUp ? (
              <Button
                size="xs"
                onClick={async () => {
                  const d = await Go.CreateFollowUp(c.id);
                  navigate(`/contact/${d.id}`);
                }}
                data-testid="follow-up"
              >
                {t('cases.createFollowUp')}
              </Button>
            ) : null}
          </Group>
        </Alert>
      )}

      {(c.history ?? []).length > 0 ? (
        <Stack gap="xs">
          <Title order={3} size="h4">
            {t('cases.history')}
          </Title>
          <Timeline bulletSize={12} lineWidth={2} data-testid="status-history">
            {c.history.map((h, i) => (
              <Timeline.Item key={i} title={t(`status.case.${h.to}`)}>
                <Text size="xs" c="dimmed">
                  {formatDateTime(h.at, prefs)}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        </Stack>
      ) : null}
    </Stack>
  );
}
