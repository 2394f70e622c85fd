import { Alert, Anchor, Breadcrumbs, Button, Card, Group, Loader, Stack, Text, Title, Typography } from '@mantine/core';
import { IconArrowLeft, IconThumbDown, IconThumbUp } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { errorText } from '../../../lib/errors';
import { externalLinks } from '../../../lib/externalLinks';
import { formatDate } from '../../../lib/format';
import { sanitizeArticle } from '../../../lib/sanitize';
import { useFormatPrefs } from '../../../lib/settings';
import { useArticle, useFeedback } from '../api/knowledge';

export function ArticlePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const prefs = useFormatPrefs();
  const article = useArticle(id);
  const feedback = useFeedback(id);
  const html = useMemo(() => sanitizeArticle(article.data?.bodyHtml ?? ''), [article.data?.bodyHtml]);

  if (article.isError) {
    return (
      <Stack maw={820}>
        <Alert color="red" role="alert">
          {errorText(article.error, t)}
        </Alert>
        <Button variant="default" component={Link} to="/knowledge" w="fit-content">
          {t('knowledge.back')}
        </Button>
      </Stack>
    );
  }
  if (!article.data) return <Loader aria-label={t('common.loading')} />;
  const a = article.data;
  return (
    <Stack gap="md" maw={820} component="article">
      <Group>
        <Button variant="subtle" leftSection={<IconArrowLeft size={16} aria-hidden />} onClick={() => navigate(-1)}>
          {t('knowledge.back')}
        </Button>
      </Group>
      <Breadcrumbs>
        <Anchor component={Link} to="/knowledge" size="sm">
          {t('nav.knowledge')}
        </Anchor>
        {(a.categoryNames ?? []).map((n, i) => (
          <Text key={i} size="sm" c="dimmed">
            {n}
          </Text>
        ))}
      </Breadcrumbs>
      <Title order={2} data-testid="article-title">
        {a.title}
      </Title>
      <Text size="sm" c="dimmed">
        {t('knowledge.updated', { date: formatDate(a.updatedAt, prefs) })}
      </Text>
      <Typography>
        {/* Sanitized twice: by the Go side and by sanitizeArticle. */}
        <div data-testid="article-body" ref={externalLinks} dangerouslySetInnerHTML={{ __html: html }} />
      </Typography>

      <Card withBorder padding="md" data-testid="article-feedback">
        {feedback.isSuccess ? (
          <Text role="status">{t('knowledge.thanksFeedback')}</Text>
        ) : (
          <Group>
            <Text fw={500}>{t('knowledge.helpfulQuestion')}</Text>
            <Button variant="light" leftSection={<IconThumbUp size={16} aria-hidden />} onClick={() => feedback.mutate(true)} loading={feedback.isPending}>
              {t('knowledge.yes')}
            </Button>
            <Button variant="light" color="gray" leftSection={<IconThumbDown size={16} aria-hidden />} onClick={() => feedback.mutate(false)} loading={feedback.isPending}>
              {t('knowledge.no')}
            </Button>
          </Group>
        )}
        {feedback.isError ? <Text c="red">{errorText(feedback.error, t)}</Text> : null}
      </Card>

      {(a.related ?? []).length > 0 ? (
        <Stack gap={4}>
          <Title order={3} size="h5">
            {t('knowledge.related')}
          </Title>
          {a.related.map((r) => (
            <Anchor key={r.id} component={Link} to={`/knowledge/a/${r.id}`}>
              {r.title}
            </Anchor>
          ))}
        </Stack>
      ) : null}
    </Stack>
  );
}
