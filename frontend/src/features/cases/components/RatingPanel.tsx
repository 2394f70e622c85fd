import { Alert, Badge, Button, Group, Paper, Radio, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconThumbDown, IconThumbUp } from '@tabler/icons-react';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { portal } from '../../../lib/bridge';
import { errorText } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { useFormatPrefs } from '../../../lib/settings';
import { type Rating, useDismissRatingRefusal, useRateCase } from '../api/cases';

/** portal.MaxRatingCommentRunes */
const MAX_COMMENT = 2000;

const icon = { satisfied: IconThumbUp, not_satisfied: IconThumbDown } as const;
const color = { satisfied: 'teal', not_satisfied: 'red' } as const;

/**
 * "Did this solve your problem?" on a solved case: the customer answers
 * satisfied or not, with an optional comment, offline like everything
 * else. The answer then shows (waiting to be sent until the server has
 * it), with a way to change it until the case is closed.
 */
export function RatingPanel(props: { case: portal.CaseDetail }) {
  const c = props.case;
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const headingId = useId();
  const rate = useRateCase(c.id);
  const dismiss = useDismissRatingRefusal(c.id);
  const given = c.satisfaction;
  const [editing, setEditing] = useState(false);
  const [choice, setChoice] = useState<Rating | ''>('');
  const [comment, setComment] = useState('');

  if (!c.canRate && !given && !c.satisfactionRefused) return null;
  const asking = c.canRate && (!given || editing);

  const startEditing = () => {
    setChoice((given?.rating as Rating | undefined) ?? '');
    setComment(given?.comment ?? '');
    rate.reset();
    setEditing(true);
  };

  const send = async () => {
    if (!choice) return;
    try {
      await rate.mutateAsync({ rating: choice, comment });
      setEditing(false);
    } catch {
      // shown at the form; what was typed stays
    }
  };

  const refused = c.satisfactionRefused ? (
    <Alert color="red" title={t('rating.refusedTitle')} data-testid="rating-refused">
      <Stack gap="xs">
        <Text size="sm">{errorText(JSON.stringify(c.satisfactionRefused), t)}</Text>
        <Group>
          <Button size="xs" variant="default" onClick={() => dismiss.mutate()} loading={dismiss.isPending} data-testid="rating-dismiss">
            {t('rating.dismiss')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  ) : null;

  if (asking) {
    return (
      <Paper component="section" withBorder p="md" radius="md" aria-labelledby={headingId} data-testid="rating-panel">
        <Stack gap="sm">
          {refused}
          <Radio.Group
            value={choice}
            onChange={(v) => setChoice(v as Rating)}
            // The question is the group's label and the section's heading.
            label={
              <Title order={3} size="h4">
                {t('rating.question')}
              </Title>
            }
            labelProps={{ id: headingId }}
            description={t('rating.questionHint')}
          >
            <SimpleGrid mt="xs" cols={{ base: 1, sm: 2 }} spacing="sm">
              {(['satisfied', 'not_satisfied'] as const).map((r) => {
                const Icon = icon[r];
                return (
                  <Radio.Card
                    key={r}
                    value={r}
                    radius="md"
                    p="sm"
                    bg={choice === r ? 'var(--mantine-primary-color-light)' : undefined}
                    data-testid={`rate-${r}`}
                  >
                    <Group wrap="nowrap" gap="sm">
                      <Radio.Indicator />
                      <Icon size={20} color={`var(--mantine-color-${color[r]}-6)`} aria-hidden />
                      <Text fw={500}>{t(`rating.answer.${r}`)}</Text>
                    </Group>
                  </Radio.Card>
                );
              })}
            </SimpleGrid>
          </Radio.Group>
          <Textarea
            label={t('rating.comment')}
            description={choice === 'not_satisfied' ? t('rating.commentHintNo') : t('rating.commentHint')}
            autosize
            minRows={2}
            maxLength={MAX_COMMENT}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            data-testid="rating-comment"
            error={rate.isError ? errorText(rate.error, t) : undefined}
          />
          <Group justify="flex-end">
            {editing ? (
              <Button variant="default" onClick={() => setEditing(false)} data-testid="rating-cancel">
                {t('rating.cancel')}
              </Button>
            ) : null}
            <Button onClick={() => void send()} disabled={!choice} loading={rate.isPending} data-testid="rating-send">
              {t('rating.send')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    );
  }

  return (
    <Paper component="section" withBorder p="md" radius="md" aria-labelledby={headingId} data-testid="rating-panel">
      <Stack gap="xs">
        {refused}
        {given ? (
          <>
            <Group justify="space-between" align="flex-start">
              <Title order={3} size="h4" id={headingId}>
                {given.ratedByName ? t('rating.ratingBy', { name: given.ratedByName }) : t('rating.yours')}
              </Title>
              {c.canRate ? (
                <Button size="xs" variant="light" onClick={startEditing} data-testid="rating-change">
                  {t('rating.change')}
                </Button>
              ) : null}
            </Group>
            <Group gap="xs">
              <RatingBadge rating={given.rating as Rating} label={t(`rating.given.${given.rating}`)} />
              {c.satisfactionPending ? (
                <Badge color="orange" variant="light" data-testid="rating-pending" title={t('status.waitingTip')}>
                  {t('rating.pending')}
                </Badge>
              ) : null}
              <Text size="sm" c="dimmed">
                {formatDateTime(given.ratedAt, prefs)}
              </Text>
            </Group>
            {given.comment ? (
              <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="rating-comment-text">
                {given.comment}
              </Text>
            ) : null}
            {given.rating === 'not_satisfied' && c.canRate ? (
              <Text size="sm" c="dimmed" data-testid="rating-follow-up">
                {t('rating.notSatisfiedNote')}
              </Text>
            ) : null}
            {!c.canRate && c.status === 'closed' ? (
              <Text size="sm" c="dimmed">
                {t('rating.final')}
              </Text>
            ) : null}
          </>
        ) : (
          <Title order={3} size="h4" id={headingId}>
            {t('rating.title')}
          </Title>
        )}
      </Stack>
    </Paper>
  );
}

function RatingBadge(props: { rating: Rating; label: string }) {
  const Icon = icon[props.rating] ?? IconThumbUp;
  return (
    <Badge size="lg" variant="light" color={color[props.rating] ?? 'gray'} leftSection={<Icon size={14} aria-hidden />} data-testid="rating-given">
      {props.label}
    </Badge>
  );
}
