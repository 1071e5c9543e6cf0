/** A new password with a code sent by SMS; every older session ends, this one begins. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { api } from '../api/client.ts';
import type { SessionView } from '../api/types.ts';
import { CodeForm, useNumberParam } from '../components/auth.tsx';
import { Card, PageTitle } from '../components/ui.tsx';

export function ResetPage() {
  const { t } = useTranslation();
  const [number, setNumber] = useState(useNumberParam());
  return (
    <>
      <PageTitle sub={t('auth.reset.intro')}>{t('auth.reset.title')}</PageTitle>
      <Card>
        <CodeForm
          purpose="reset"
          number={number}
          onNumber={setNumber}
          withPassword
          submitLabel={t('auth.reset.submit')}
          submit={(input) => api<SessionView>('/auth/password/reset', { method: 'POST', body: input })}
        />
      </Card>
      <p className="auth-links">
        <Link href={`/login${number ? `?number=${encodeURIComponent(number)}` : ''}`}>{t('auth.login.title')}</Link>
      </p>
    </>
  );
}
