import { Alert, Anchor, Badge, Button, Group, Loader, MultiSelect, Pagination, SegmentedControl, Stack, Table, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { IconBriefcase, IconChevronDown, IconChevronUp, IconFileExport, IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../../components/ui/EmptyState';
import { useDebounced } from '../../../hooks/useDebounced';
import { useKeyedState } from '../../../hooks/useKeyedState';
import { errorText } from '../../../lib/errors';
import { effective, formatDateTime } from '../../../lib/format';
import { useFormatPrefs, useSettings } from '../../../lib/settings';
import { CASE_PAGE, exportCsv, listAllCases, useCases, useComponentCategories } from '../api/cases';
import { caseNumber, categoryName, priorityColor, statusColor } from './labels';

const STATUSES = ['waiting_to_send', 'new', 'in_progress', 'waiting_on_customer', 'solved', 'closed'];
type SortKey = 'number' | 'status' | 'priority' | 'updated';

export function CasesPage() {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const lang = useSettings()?.language ?? 'en';
  const cats = useComponentCategories();
  const [mine, setMine] = useState('all');
  const [statuses, setStatuses] = useState<string[]>([]);
  const [text, setText] = useState('');
  const query = useDebounced(text, 200);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'updated', desc: true });
  // Another filter or order starts at the first page.
  const [page, setPage] = useKeyedState(1, JSON.stringify([mine, statuses, query, sort]));

  const list = useCases({ mine: mine === 'mine', statuses, query, sort: sort.key, desc: sort.desc, offset: (page - 1) * CASE_PAGE, limit: CASE_PAGE });

  const header = (key: SortKey, label: string) => {
    const active = sort.key === key;
    return (
      <Table.Th aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
        <UnstyledButton onClick={() => setSort({ key, desc: active ? !sort.desc : key === 'updated' })} fw={600} fz="sm">
          <Group gap={4} wrap="nowrap">
            {label}
            {active ? (sort.desc ? <IconChevronDown size={14} aria-hidden /> : <IconChevronUp size={14} aria-hidden />) : null}
          </Group>
        </UnstyledButton>
      </Table.Th>
    );
  };

  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState<{ ok: boolean; text: string } | null>(null);
  // The export is the filtered list (every page), with the screen's columns
  // formatted exactly as the screen shows them.
  const exportList = async () => {
    setExporting(true);
    setExported(null);
    try {
      const items = await listAllCases({ mine: mine === 'mine', statuses, query, sort: sort.key, desc: sort.desc });
      const header = [t('cases.number'), t('contact.subject'), t('contact.category'), t('cases.status'), t('contact.priority'), t('cases.lastUpdate')];
      const rows = items.map((c) => [
        caseNumber(c.number, t),
        c.subject,
        categoryName(cats.data, c.categoryId, c.subcategoryId, lang),
        t(`status.case.${c.status}`),
        t(`priority.${c.priority}`),
        formatDateTime(c.updatedAt, prefs),
      ]);
      const day = new Date().toISOString().slice(0, 10);
      const path = await exportCsv({ fileName: `${t('cases.exportFileName')}-${day}.csv`, locale: effective(prefs).locale, header, rows });
      if (path) setExported({ ok: true, text: t('cases.exported', { count: rows.length, path }) });
    } catch (e) {
      setExported({ ok: false, text: errorText(e, t) });
    } finally {
      setExporting(false);
    }
  };

  const filtered = mine === 'mine' || statuses.length > 0 || query.trim() !== '';
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('nav.cases')}</Title>
          <Text c="dimmed">{t('cases.intro')}</Text>
        </div>
        <Group gap="sm">
          <Button
            variant="default"
            onClick={exportList}
            loading={exporting}
            disabled={!list.data || list.data.total === 0}
            leftSection={<IconFileExport size={16} aria-hidden />}
            title={t('cases.exportCsvHint')}
            data-testid="cases-export"
          >
            {t('cases.exportCsv')}
          </Button>
          <Button component={Link} to="/contact" leftSection={<IconPlus size={16} aria-hidden />}>
            {t('home.contactAction')}
          </Button>
        </Group>
      </Group>
      {exported ? (
        <Alert color={exported.ok ? 'teal' : 'red'} withCloseButton closeButtonLabel={t('common.close')} onClose={() => setExported(null)} role="status" data-testid="cases-export-result">
          {exported.text}
        </Alert>
      ) : null}
      <Group align="flex-end">
        <SegmentedControl
          value={mine}
          onChange={setMine}
          data={[
            { value: 'all', label: t('cases.allOfCompany') },
            { value: 'mine', label: t('cases.mine') },
          ]}
          aria-label={t('cases.whose')}
        />
        <MultiSelect
          data={STATUSES.map((s) => ({ value: s, label: t(`status.case.${s}`) }))}
          value={statuses}
          onChange={setStatuses}
          placeholder={statuses.length ? undefined : t('cases.anyStatus')}
          aria-label={t('cases.status')}
          clearable
          w={300}
          data-testid="cases-status-filter"
        />
        <TextInput
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          placeholder={t('cases.searchPlaceholder')}
          aria-label={t('cases.searchPlaceholder')}
          leftSection={<IconSearch size={16} aria-hidden />}
          style={{ flex: 1 }}
          maxLength={1000}
          data-testid="cases-search"
        />
      </Group>
      {list.isError ? <Alert color="red">{errorText(list.error, t)}</Alert> : null}
      {!list.data ? (
        <Loader aria-label={t('common.loading')} />
      ) : list.data.items.length === 0 ? (
        <EmptyState
          icon={<IconBriefcase size={32} />}
          title={filtered ? t('cases.noMatchTitle') : t('empty.casesTitle')}
          text={filtered ? t('cases.noMatchText') : t('empty.casesText')}
        />
      ) : (
        <>
          <Table.ScrollContainer minWidth={800}>
            <Table highlightOnHover verticalSpacing="sm" data-testid="cases-table" aria-busy={list.isFetching}>
              <Table.Thead>
                <Table.Tr>
                  {header('number', t('cases.number'))}
                  <Table.Th>{t('contact.subject')}</Table.Th>
                  <Table.Th>{t('contact.category')}</Table.Th>
                  {header('status', t('cases.status'))}
                  {header('priority', t('contact.priority'))}
                  {header('updated', t('cases.lastUpdate'))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((c) => (
                  <Table.Tr key={c.id} data-testid="case-row">
                    <Table.Td>
                      <Text size="sm" c={c.number ? undefined : 'dimmed'} fs={c.number ? undefined : 'italic'}>
                        {caseNumber(c.number, t)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/cases/${c.id}`} fw={500}>
                        {c.subject}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{categoryName(cats.data, c.categoryId, c.subcategoryId, lang)}</Text>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Badge color={statusColor[c.status]} variant="light" tt="none" style={{ overflow: 'visible' }} styles={{ label: { overflow: 'visible' } }}>
                        {t(`status.case.${c.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Badge color={priorityColor[c.priority]} variant="dot" tt="none" style={{ overflow: 'visible' }} styles={{ label: { overflow: 'visible' } }}>
                        {t(`priority.${c.priority}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDateTime(c.updatedAt, prefs)}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {t('cases.count', { count: list.data.total })}
            </Text>
            {list.data.total > CASE_PAGE ? (
              <Pagination total={Math.ceil(list.data.total / CASE_PAGE)} value={page} onChange={setPage} />
            ) : null}
          </Group>
        </>
      )}
    </Stack>
  );
}
