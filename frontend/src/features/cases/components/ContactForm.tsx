import { Alert, Button, Card, Grid, Group, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { type ComponentType, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useAutosave } from '../../../hooks/useAutosave';
import { useFieldErrors } from '../../../hooks/useFieldErrors';
import type { portal } from '../../../lib/bridge';
import { errorText } from '../../../lib/errors';
import { useSettings } from '../../../lib/settings';
import {
  discardDraft,
  recordDeflection,
  saveDraft,
  useCaseInvalidation,
  useComponentCategories,
  useDraft,
  useDraftRefresh,
  useSubmitDraft,
} from '../api/cases';
import { AttachmentPicker } from './AttachmentPicker';
import { DraftState } from './DraftState';
import { DraftsList } from './DraftsList';
import { localName } from './labels';

/**
 * The panel of suggested articles beside the form (the knowledge
 * feature's, passed in by the app). onSolved is called when an article
 * solved the problem; it records that on the draft.
 */
export type SuggestionsSlot = ComponentType<{
  subject: string;
  description: string;
  onSolved: (articleId: string) => Promise<void>;
}>;

type Form = Pick<portal.DraftInput, 'subject' | 'categoryId' | 'subcategoryId' | 'description' | 'priority' | 'followUpOf' | 'productVersion'>;
const emptyForm: Form = { subject: '', categoryId: '', subcategoryId: '', description: '', priority: 'medium', followUpOf: '', productVersion: '' };
/** portal.MaxProductVersionRunes */
const MAX_PRODUCT_VERSION = 40;
const AUTOSAVE_MS = 250;

/**
 * The case being written. It saves itself as the user types, with no Save
 * button; the first save creates the draft. Submitting sends it (or queues
 * it while offline); a rejected field gets the error and the focus.
 */
export function ContactForm(props: { draftId: string; formKey: string; suggestions: SuggestionsSlot }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const lang = useSettings()?.language ?? 'en';
  const cats = useComponentCategories();
  const draft = useDraft(props.draftId);
  const submit = useSubmitDraft();
  const invalidate = useCaseInvalidation();
  const refreshDraft = useDraftRefresh();
  const [form, setForm] = useState<Form>(emptyForm);
  const [loaded, setLoaded] = useState(!props.draftId);
  const [deflected, setDeflected] = useState(false);
  // The draft's id: the one opened, or the one the first save created. The
  // ref is for the saves on their way; the state is for the screen.
  const [id, setId] = useState(props.draftId);
  const idRef = useRef(props.draftId);
  // Field errors come from submitting; each clears when its field changes.
  const fieldErrors = useFieldErrors(submit.isError ? submit.error : null);

  const autosave = useAutosave(async (f: Form) => {
    const d = await saveDraft({ id: idRef.current, ...f } as portal.DraftInput);
    if (!idRef.current) {
      idRef.current = d.id;
      setId(d.id);
      // Keep the URL on the draft so a restart or reload resumes it.
      navigate(`/contact/${d.id}`, { replace: true, state: { formKey: props.formKey } });
      invalidate();
    }
    return d.updatedAt;
  }, AUTOSAVE_MS);

  // An opened draft fills the form once it has loaded.
  if (!loaded && draft.data) {
    const d = draft.data;
    setForm({ subject: d.subject, categoryId: d.categoryId, subcategoryId: d.subcategoryId, description: d.description, priority: d.priority || 'medium', followUpOf: d.followUpOf ?? '', productVersion: d.productVersion ?? '' });
    setLoaded(true);
  }

  const change = (patch: Partial<Form>) => {
    const next = { ...form, ...patch };
    setForm(next);
    fieldErrors.clear(...Object.keys(patch));
    autosave.schedule(next);
  };

  const catOptions = useMemo(() => (cats.data ?? []).map((c) => ({ value: c.id, label: localName(c, lang) })), [cats.data, lang]);
  const subOptions = useMemo(
    () => (cats.data?.find((c) => c.id === form.categoryId)?.subcategories ?? []).map((s) => ({ value: s.id, label: localName(s, lang) })),
    [cats.data, form.categoryId, lang],
  );

  /** The draft's id, once what was typed is saved (the first save creates it). */
  const ensureDraft = async () => {
    if (!idRef.current) autosave.schedule(form);
    await autosave.flush();
    return idRef.current;
  };

  const onSubmit = async () => {
    const draftId = await ensureDraft();
    try {
      const c = await submit.mutateAsync(draftId);
      navigate(`/cases/${c.id}`, { replace: true });
    } catch {
      // shown at the field it names, or below the form
    }
  };

  const discard = async () => {
    const draftId = idRef.current;
    if (!draftId) return navigate('/');
    await discardDraft(draftId);
    invalidate();
    navigate('/contact/discarded/' + draftId, { replace: true });
  };

  const solved = async (articleId: string) => {
    if (idRef.current) await recordDeflection(idRef.current, articleId);
    setDeflected(true);
  };

  if (props.draftId && draft.isError) {
    return (
      <Alert color="red" role="alert">
        {errorText(draft.error, t)}
      </Alert>
    );
  }

  const attachments = draft.data?.attachments ?? [];
  const submitError = fieldErrors.formError;
  const Suggestions = props.suggestions;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('nav.contact')}</Title>
          <Text c="dimmed">{t('contact.intro')}</Text>
        </div>
        <DraftState state={autosave.state} />
      </Group>
      <DraftsList current={id} />
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
                error={fieldErrors.at('subject')}
                maxLength={400}
                ref={fieldErrors.ref('subject')}
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
                  error={fieldErrors.at('category')}
                  searchable
                  ref={fieldErrors.ref('category')}
                  disabled={!loaded}
                  data-testid="case-category"
                />
                <Select
                  label={t('contact.subcategory')}
                  required
                  data={subOptions}
                  value={form.subcategoryId || null}
                  onChange={(v) => change({ subcategoryId: v ?? '' })}
                  error={fieldErrors.at('subcategory')}
                  placeholder={form.categoryId ? undefined : t('contact.pickCategoryFirst')}
                  disabled={!loaded || !form.categoryId}
                  searchable
                  ref={fieldErrors.ref('subcategory')}
                  data-testid="case-subcategory"
                />
                <Select
                  label={t('contact.priority')}
                  data={['low', 'medium', 'high', 'urgent'].map((p) => ({ value: p, label: t(`priority.${p}`) }))}
                  value={form.priority}
                  onChange={(v) => change({ priority: v ?? 'medium' })}
                  allowDeselect={false}
                  error={fieldErrors.at('priority')}
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
                error={fieldErrors.at('description')}
                ref={fieldErrors.ref('description')}
                disabled={!loaded}
                data-testid="case-description"
              />
              <TextInput
                label={t('contact.productVersion')}
                description={t('contact.productVersionHelp')}
                value={form.productVersion}
                onChange={(e) => change({ productVersion: e.currentTarget.value })}
                error={fieldErrors.at('productVersion')}
                maxLength={MAX_PRODUCT_VERSION}
                ref={fieldErrors.ref('productVersion')}
                disabled={!loaded}
                data-testid="case-product-version"
              />
              <AttachmentPicker
                draftId={id}
                ensureDraft={ensureDraft}
                attachments={attachments}
                onChanged={() => refreshDraft(idRef.current)}
              />
              {submitError ? <Alert color="red" role="alert">{submitError}</Alert> : null}
              <Group justify="space-between">
                <Button variant="subtle" color="red" onClick={() => void discard()} disabled={!id}>
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
          <Suggestions subject={form.subject} description={form.description} onSolved={solved} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
