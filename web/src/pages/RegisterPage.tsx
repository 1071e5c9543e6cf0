/** "I am a new user" (S4.2): the number, the code the server sends by SMS, a password; then the own line. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { api } from '../api/client.ts';
import type { SessionView } from '../api/types.ts';
import { CodeForm, useNumberParam } from '../components/auth.tsx';
import { Card, PageTitle } from '../components/ui.tsx';

export function RegisterPage() {
  const { t } = useTranslation();
  const [number, setNumber] = useState(useNumberParam());
  return (
    <>
      <PageTitle sub={t('auth.register.intro')}>{t('auth.register.title')}</PageTitle>
      <Card>
        <CodeForm
          purpose="register"
          number={number}
          onNumber={setNumber}
          withPassword
          submitLabel={t('auth.register.submit')}
          submit={(input) => api<SessionView>('/auth/register', { method: 'POST', body: input })}
        />
      </Card>
      <p className="auth-links">
        <Link href={`/login${number ? `?number=${encodeURIComponent(number)}` : ''}`}>{t('auth.register.haveAccount')}</Link>
      </p>
    </>
  );
}
