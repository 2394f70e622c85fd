import { Alert, Anchor, Badge, Button, Card, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconCircleCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { errorText } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { useFormatPrefs, useSettings } from '../../../lib/settings';
import { useCase, useComponentCategories } from '../api/cases';
import { AttachmentList } from './AttachmentList';
import { ClosedNote } from './ClosedNote';
import { SaveCaseButton } from './SaveCaseButton';
import { CommentBox } from './CommentBox';
import { Conversation } from './Conversation';
import { caseNumber, categoryName, priorityColor, statusColor } from './labels';
import { RatingPanel } from './RatingPanel';
import { StatusHistory } from './StatusHistory';

/** One case (/cases/:caseId); another case (a follow-up's link) starts afresh. */
export function CaseDetailPage() {
  const { caseId = '' } = useParams();
  return <CaseDetail key={caseId} caseId={caseId} />;
}

function CaseDetail(props: { caseId: string }) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const lang = useSettings()?.language ?? 'en';
  const cats = useComponentCategories();
  const detail = useCase(props.caseId);

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
            {categoryName(cats.data, c.categoryId, c.subcategoryId, lang)} ·{' '}
            {c.productVersion ? <span data-testid="case-product-version">{t('cases.productVersion', { version: c.productVersion })} · </span> : null}
            {t('cases.opened', { time: formatDateTime(c.createdAt, prefs) })}
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
      <SaveCaseButton case={c} />
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

      <RatingPanel case={c} />

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
      <Conversation comments={c.comments ?? []} />

      {c.canComment ? <CommentBox case={c} /> : <ClosedNote case={c} />}

      <StatusHistory history={c.history ?? []} />
    </Stack>
  );
}
