import { Alert, Button, Stack } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { portal } from '../../../lib/bridge';
import { errorText } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { useFormatPrefs, useSettings } from '../../../lib/settings';
import { savePrintable, useComponentCategories } from '../api/cases';
import { caseNumber, categoryName } from './labels';

/**
 * Saves the case as the screen shows it (fields, description, conversation
 * with attachment names, status history) as one printable HTML file, which
 * any browser prints or saves as PDF.
 */
export function SaveCaseButton(props: { case: portal.CaseDetail }) {
  const { t, i18n } = useTranslation();
  const prefs = useFormatPrefs();
  const lang = useSettings()?.language ?? 'en';
  const cats = useComponentCategories();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const c = props.case;

  const save = async () => {
    setBusy(true);
    setResult(null);
    try {
      const number = caseNumber(c.number, t);
      const names = (a: portal.Attachment[] | undefined) => (a ?? []).map((x) => x.name);
      const fields = [
        { label: t('cases.status'), value: t(`status.case.${c.status}`) },
        { label: t('contact.priority'), value: t(`priority.${c.priority}`) },
        { label: t('contact.category'), value: categoryName(cats.data, c.categoryId, c.subcategoryId, lang) },
        { label: t('cases.created'), value: formatDateTime(c.createdAt, prefs) },
        { label: t('cases.lastUpdate'), value: formatDateTime(c.updatedAt, prefs) },
      ];
      if (c.followUpOfCase) fields.push({ label: t('cases.followUpOf'), value: `${caseNumber(c.followUpOfCase.number, t)} ${c.followUpOfCase.subject}` });
      const sections = [
        { heading: t('contact.description'), entries: [{ heading: '', body: c.description, attachments: names(c.attachments), kind: 'customer' }] },
      ];
      if (c.solution) sections.push({ heading: t('cases.solution'), entries: [{ heading: '', body: c.solution.text, attachments: [], kind: 'support' }] });
      if ((c.comments ?? []).length > 0) {
        sections.push({
          heading: t('cases.conversation'),
          entries: (c.comments ?? []).map((m) => ({
            heading: `${m.authorName}${m.authorKind === 'support' ? ` (${t('cases.support')})` : ''} · ${formatDateTime(m.createdAt, prefs)}`,
            body: m.body,
            attachments: names(m.attachments),
            kind: m.authorKind,
          })),
        });
      }
      if ((c.history ?? []).length > 0) {
        sections.push({
          heading: t('cases.history'),
          entries: (c.history ?? []).map((h) => ({ heading: `${formatDateTime(h.at, prefs)}: ${t(`status.case.${h.to}`)}`, body: '', attachments: [], kind: '' })),
        });
      }
      const path = await savePrintable({
        fileName: `${number} ${c.subject}`,
        lang: i18n.language.startsWith('de') ? 'de' : 'en',
        title: `${number}: ${c.subject}`,
        fields,
        sections,
        footer: t('cases.printedAt', { time: formatDateTime(new Date().toISOString(), prefs) }),
      });
      if (path) setResult({ ok: true, text: t('cases.savedPrintable', { path }) });
    } catch (e) {
      setResult({ ok: false, text: errorText(e, t) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="xs" align="flex-end">
      <Button variant="default" size="xs" onClick={save} loading={busy} leftSection={<IconPrinter size={14} aria-hidden />} title={t('cases.savePrintableHint')} data-testid="case-save-printable">
        {t('cases.savePrintable')}
      </Button>
      {result ? (
        <Alert color={result.ok ? 'teal' : 'red'} withCloseButton closeButtonLabel={t('common.close')} onClose={() => setResult(null)} role="status" data-testid="case-save-printable-result">
          {result.text}
        </Alert>
      ) : null}
    </Stack>
  );
}
