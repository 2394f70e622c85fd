import { Alert, Anchor, Button, Card, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFieldErrors } from '../../../hooks/useFieldErrors';
import type { portal } from '../../../lib/bridge';
import { useBootstrap } from '../../../lib/settings';
import { useAccessRequest, useForgetAccessRequest, useRequestAccess } from '../api/account';

const empty = { name: '', company: '', email: '', productDomain: '', title: '', phone: '', productRole: 'administrator' };

/**
 * Access without a login, the documents' "email portal access" path: the
 * request is kept on this computer, sent when the server can be reached,
 * and its outcome shown here.
 */
export function AccessRequest(props: { serverUrl: string }) {
  const { t } = useTranslation();
  const product = useBootstrap().data?.vendor.productName ?? '';
  const existing = useAccessRequest();
  const [form, setForm] = useState(empty);
  const [open, setOpen] = useState(false);
  const send = useRequestAccess();
  const forget = useForgetAccessRequest();
  const { at, formError, ref } = useFieldErrors(send.isError ? send.error : null);

  const r = existing.data;
  if (r) {
    const color = r.status === 'approved' ? 'teal' : r.status === 'rejected' ? 'red' : r.status === 'waiting' ? 'orange' : 'blue';
    return (
      <Alert color={color} title={t(`access.status_${r.status}`)} data-testid="access-status" maw={520}>
        <Stack gap="xs">
          <Text size="sm">{t(`access.explain_${r.status}`, { email: r.request.email })}</Text>
          {r.reason ? <Text size="sm">{t('access.reason', { reason: r.reason })}</Text> : null}
          {r.status === 'approved' || r.status === 'rejected' ? (
            <Group>
              <Button size="xs" variant="light" onClick={() => forget.mutate()}>{t('access.done')}</Button>
            </Group>
          ) : null}
        </Stack>
      </Alert>
    );
  }
  if (!open) {
    return (
      <Anchor component="button" type="button" onClick={() => setOpen(true)} w="fit-content" data-testid="access-link">
        {t('access.link')}
      </Anchor>
    );
  }
  const field = (name: keyof typeof empty, label: string, required = true, type = 'text') => (
    <TextInput
      label={label}
      type={type}
      required={required}
      value={form[name]}
      onChange={(e) => setForm({ ...form, [name]: e.currentTarget.value })}
      error={at(name)}
      ref={ref(name)}
      data-testid={`access-${name}`}
    />
  );
  return (
    <Card withBorder padding="lg" maw={520} data-testid="access-form">
      <form onSubmit={(e) => { e.preventDefault(); send.mutate({ serverUrl: props.serverUrl, request: form as portal.AccessRequest }); }} noValidate>
        <Stack gap="sm">
          <Title order={3} size="h5">{t('access.title')}</Title>
          <Text size="sm" c="dimmed">{t('access.intro', { product })}</Text>
          {field('name', t('access.name'))}
          {field('company', t('access.company'))}
          {field('email', t('account.email'), true, 'email')}
          {field('productDomain', t('access.domain', { product }), false)}
          {field('title', t('access.jobTitle'))}
          {field('phone', t('access.phone'), true, 'tel')}
          <Select
            label={t('users.role', { product })}
            data={[
              { value: 'account_owner', label: t('account.roleOwner') },
              { value: 'administrator', label: t('account.roleAdmin') },
              { value: 'other', label: t('account.roleOther') },
            ]}
            value={form.productRole}
            onChange={(v) => setForm({ ...form, productRole: v ?? 'administrator' })}
            allowDeselect={false}
            error={at('productRole')}
          />
          {formError ? <Alert color="red" role="alert">{formError}</Alert> : null}
          <Group justify="flex-end">
            <Button type="submit" loading={send.isPending} data-testid="access-submit">{t('access.send')}</Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
