import { Alert, Anchor, Button, Card, Grid, Group, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconDeviceFloppy, IconSend } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { Go, type portal } from '../../../lib/bridge';
import { errorText, parseError } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { useFormatPrefs, useSettings } from '../../settings/api/settings';
import { useCaseInvalidation, useComponentCategories, useDraft, useDrafts, useSubmitDraft } from '../api/cases';
import { AttachmentPicker } from './AttachmentPicker';
import { SuggestionsPanel } from './SuggestionsPanel';

type Form = Pick<portal.DraftInput, 'subject' | 'categoryId' | 'subcategoryId' | 'description' | 'priority' | 'followUpOf'>;
const emptyForm: Form = { subject: '', categoryId: '', subcategoryId: '', description: '', priority: 'medium', followUpOf: '' };
const AUTOSAVE_MS = 250;

/**
 * Saves the draft as the user types, with no Save button. Saves are chained
 * so they reach the store in order, and the first one creates the draft.
 */
function useAutosave(initialId: string, onCreated: (id: string) => void) {
  const idRef = useRef(initialId);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pending = useRef<Form | null>(null);
  const [state, setState] = useState<{ saving: boolean; savedAt?: string; error?: unknown }>({ saving: false });
  idRef.current = idRef.current || initialId;

  const flush = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const form = pending.current;
    pending.current = null;
    if (!form) return chain.current;
    setState((s) => ({ ...s, saving: true }));
    chain.current = chain.current
      .catch(() => undefined)
      .then(async () => {
        try {
          const d = await Go.SaveDraft({ id: idRef.current, ...form } as portal.DraftInput);
          if (!idRef.current) {
            idRef.current = d.id;
            onCreated(d.id);
          }
          setState({ saving: false, savedAt: d.updatedAt });
        } catch (e) {
          // Keep what was typed: it is still in the form and is saved again
          // with the next change.
          pending.current = pending.current ?? form;
          setState({ saving: false, error: e });
        }
      });
    return chain.current;
  }, [onCreated]);

  const schedule = useCallback(
    (form: Form) => {
      pending.current = form;
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), AUTOSAVE_MS);
    },
    [flush],
  );

  // Leaving the screen saves what is pending.
  useEffect(() => () => void flush(), [flush]);

  const ensure = useCallback(
    async (form: Form) => {
      if (!idRef.current) pending.current = pending.current ?? form;
      await flush();
      return idRef.current;
    },
    [flush],
  );

  return { state, schedule, flush, ensure, id: () => idRef.current };
}

function DraftsList(props: { current: string }) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const drafts = useDrafts();
  const others = (drafts.data ?? []).filter((d) => d.id !== props.current);
  if (others.length === 0) return null;
  return (
    <Card withBorder padding="sm" data-testid="drafts-list">
      <Text fw={600} size="sm" mb={4}>
        {t('contact.otherDrafts', { count: others.length })}
      </Text>
      <Stack gap={2}>
        {others.map((d) => (
          <Group key={d.id} justify="space-between">
            <Anchor component={Link} to={`/contact/${d.id}`} size="sm">
              {d.subject || t('contact.untitled')}
            </Anchor>
            <Text size="xs" c="dimmed">
              {formatDateTime(d.updatedAt, prefs)}
            </Text>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}

export function ContactPage() {
  const { draftId = '' } = useParams();
  const location = useLocation();
  // A new key resets the form when the user switches drafts or starts a
  // new case. The URL also changes when the form's first autosave creates
  // its draft; that must not remount the form, or the keystrokes typed
  // while the save was on its way would be lost.
  const adopted = useRef<{ id: string; key: string } | null>(null);
  const key = draftId ? (adopted.current?.id === draftId ? adopted.current.key : draftId) : location.key;
  return <ContactForm key={key} draftId={draftId} onCreated={(id) => (adopted.current = { id, key })} />;
}

function ContactForm(props: { draftId: string; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const settings = useSettings();
  const prefs = useFormatPrefs();
  const lang = settings?.language ?? 'en';
  const cats = useComponentCategories();
  const draft = useDraft(props.draftId);
  const submit = useSubmitDraft();
  const invalidate = useCaseInvalidation();
  const [form, setForm] = useState<Form>(emptyForm);
  const [loaded, setLoaded] = useState(!props.draftId);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [deflected, setDeflected] = useState(false);
  const fieldRefs = useRef<Record<string, HTMLElement | null>>({});
  const onCreatedRef = useRef(props.onCreated);
  onCreatedRef.current = props.onCreated;

  const autosave = useAutosave(
    props.draftId,
    useCallback(
      (id: string) => {
        // Keep the URL on the draft so a restart or reload resumes it.
        onCreatedRef.current(id);
        navigate(`/contact/${id}`, { replace: true });
        invalidate();
      },
      [navigate, invalidate],
    ),
  );

  useEffect(() => {
    if (!loaded && draft.data) {
      const d = draft.data;
      setForm({ subject: d.subject, categoryId: d.categoryId, subcategoryId: d.subcategoryId, description: d.description, priority: d.priority || 'medium', followUpOf: d.followUpOf ?? '' });
      setLoaded(true);
    }
  }, [draft.data, loaded]);

  const change = (patch: Partial<Form>) => {
    const next = { ...form, ...patch };
    setForm(next);
    setFieldErrors((e) => {
      const copy = { ...e };
      for (const k of Object.keys(patch)) delete copy[k];
      return copy;
    });
    autosave.schedule(next);
  };

  const name = (x: { nameEn: string; nameDe: string }) => (lang === 'de' ? x.nameDe || x.nameEn : x.nameEn);
  const catOptions = useMemo(() => (cats.data ?? []).map((c) => ({ value: c.id, label: name(c) })), [cats.data, lang]); // eslint-disable-line react-hooks/exhaustive-deps
  const subOptions = useMemo(
    () => (cats.data?.find((c) => c.id === form.categoryId)?.subcategories ?? []).map((s) => ({ value: s.id, label: name(s) })),
    [cats.data, form.categoryId, lang], // eslint-disable-line react-hooks/exhaustive-deps
  );

  const refreshDraft = () => void qc.invalidateQueries({ queryKey: ['draft', autosave.id()] });

  const onSubmit = async () => {
    const id = await autosave.ensure(form);
    try {
      const c = await submit.mutateAsync(id);
      navigate(`/cases/${c.id}`, { replace: true });
    } catch (e) {
      const pe = parseError(e);
      if (pe.field) {
        setFieldErrors({ [pe.field]: errorText(e, t) });
        fieldRefs.current[pe.field]?.focus();
      }
    }
  };

  const discard = async () => {
    const id = autosave.id();
    if (!id) return navigate('/');
    await Go.DiscardDraft(id);
    invalidate();
    navigate('/contact/discarded/' + id, { replace: true });
  };

  if (props.draftId && draft.isError) {
    return (
      <Alert color="red" role="alert">
        {errorText(draft.error, t)}
      </Alert>
    );
  }

  const attachments = draft.data?.attachments ?? [];
  const submitError = submit.isError && !parseError(submit.error).field ? errorText(submit.error, t) : null;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('nav.contact')}</Title>
          <Text c="dimmed">{t('contact.intro')}</Text>
        </div>
        <Group gap={6} aria-live="polite" data-testid="draft-state">
          <IconDeviceFloppy size={16} aria-hidden />
          <Text size="sm" c="dimmed">
            {autosave.state.saving
              ? t('contact.saving')
              : autosave.state.error
                ? t('contact.saveFailed')
                : autosave.state.savedAt
                  ? t('contact.savedAt', { time: formatDateTime(autosave.state.savedAt, prefs) })
                  : t('contact.autosaveHint')}
          </Text>
        </Group>
      </Group>
      <DraftsList current={autosave.id()} />
      {form.followUpOf ? <Alert color="blue">{t('contact.followUpOf')}</Alert> : null}
      {deflected ? (
        <Alert color="teal" title={t('contact.gladTitle')} data-testid="deflected">
          <Group>
            <Text size="sm">{t('contact.gladText')}</Text>
            <Button size="xs" color="red" variant="light" onClick={() => void discard()}>
              {t('contact.discard')}
            </Button>
          </Group>
        </Alert>
      ) : null}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Card
            withBorder
            padding="lg"
            component="form"
            onSubmit={(e) => { e.preventDefault(); void onSubmit(); }}
            // Ctrl+Enter (Cmd+Enter on macOS) sends from any field, as in
            // mail programs and the case conversation.
            onKeyDown={(e: React.KeyboardEvent) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && !submit.isPending) {
                e.preventDefault();
                void onSubmit();
              }
            }}
            noValidate
          >
            <Stack gap="md">
              <TextInput
                label={t('contact.subject')}
                required
                value={form.subject}
                onChange={(e) => change({ subject: e.currentTarget.value })}
                error={fieldErrors.subject}
                maxLength={400}
                ref={(el) => { fieldRefs.current.subject = el; }}
                disabled={!loaded}
                data-testid="case-subject"
              />
              <Group grow align="flex-start">
                <Select
                  label={t('contact.category')}
                  labelProps={{ style: { whiteSpace: 'nowrap' } }}
                  required
                  data={catOptions}
                  value={form.categoryId || null}
                  onChange={(v) => change({ categoryId: v ?? '', subcategoryId: '' })}
                  error={fieldErrors.category}
                  searchable
                  ref={(el) => { fieldRefs.current.category = el; }}
                  disabled={!loaded}
                  data-testid="case-category"
                />
                <Select
                  label={t('contact.subcategory')}
                  required
                  data={subOptions}
                  value={form.subcategoryId || null}
                  onChange={(v) => change({ subcategoryId: v ?? '' })}
                  error={fieldErrors.subcategory}
                  placeholder={form.categoryId ? undefined : t('contact.pickCategoryFirst')}
                  disabled={!loaded || !form.categoryId}
                  searchable
                  ref={(el) => { fieldRefs.current.subcategory = el; }}
                  data-testid="case-subcategory"
                />
                <Select
                  label={t('contact.priority')}
                  data={['low', 'medium', 'high', 'urgent'].map((p) => ({ value: p, label: t(`priority.${p}`) }))}
                  value={form.priority}
                  onChange={(v) => change({ priority: v ?? 'medium' })}
                  allowDeselect={false}
                  error={fieldErrors.priority}
                  disabled={!loaded}
                  data-testid="case-priority"
                />
              </Group>
              <Textarea
                label={t('contact.description')}
                description={t('contact.descriptionHelp')}
                required
                autosize
                minRows={6}
                maxRows={18}
                value={form.description}
                onChange={(e) => change({ description: e.currentTarget.value })}
                error={fieldErrors.description}
                ref={(el) => { fieldRefs.current.description = el; }}
                disabled={!loaded}
                data-testid="case-description"
              />
              <AttachmentPicker
                draftId={autosave.id()}
                ensureDraft={() => autosave.ensure(form)}
                attachments={attachments}
                onChanged={refreshDraft}
              />
              {submitError ? <Alert color="red" role="alert">{submitError}</Alert> : null}
              <Group justify="space-between">
                <Button variant="subtle" color="red" onClick={() => void discard()} disabled={!autosave.id()}>
                  {t('contact.discard')}
                </Button>
                <Button type="submit" leftSection={<IconSend size={16} aria-hidden />} loading={submit.isPending} data-testid="case-submit">
                  {t('contact.submit')}
                </Button>
              </Group>
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <SuggestionsPanel subject={form.subject} description={form.description} draftId={autosave.id()} onSolved={() => setDeflected(true)} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** Shown after a draft was discarded: one click brings it back. */
export function DiscardedPage() {
  const { draftId = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const invalidate = useCaseInvalidation();
  return (
    <Stack maw={560} gap="md" data-testid="discarded">
      <Title order={2}>{t('contact.discardedTitle')}</Title>
      <Text>{t('contact.discardedText')}</Text>
      <Group>
        <Button
          onClick={async () => {
            await Go.RestoreDraft(draftId);
            invalidate();
            navigate(`/contact/${draftId}`, { replace: true });
          }}
          data-testid="undo-discard"
        >
          {t('contact.undo')}
        </Button>
        <Button variant="default" component={Link} to="/contact">
          {t('contact.newCase')}
        </Button>
      </Group>
    </Stack>
  );
}
