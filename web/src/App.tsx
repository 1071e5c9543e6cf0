/** Routes of the web app. Every screen reads and writes only through the REST API. */
import { useTranslation } from 'react-i18next';
import { Link, Route, Switch, useLocation } from 'wouter';
import { useApi } from './api/client.ts';
import type { OperatorInfo } from './api/types.ts';
import { Layout } from './components/Layout.tsx';
import { Card, PageTitle } from './components/ui.tsx';
import { OperatorContext, useBrandColor } from './operator.tsx';
import { HistoryPage } from './pages/HistoryPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { ManagePage } from './pages/ManagePage.tsx';
import { PickLinePage } from './pages/PickLinePage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { RegisterPage } from './pages/RegisterPage.tsx';
import { ResetPage } from './pages/ResetPage.tsx';
import { DetailsPage } from './pages/DetailsPage.tsx';
import { AdminBusinessPage } from './pages/business/AdminBusinessPage.tsx';
import { ApplyPage } from './pages/business/ApplyPage.tsx';
import { CompanyPage } from './pages/business/CompanyPage.tsx';
import { TopUpPage } from './pages/TopUpPage.tsx';
import { TopUpResultPage } from './pages/TopUpResultPage.tsx';

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function App() {
  const operator = useApi<OperatorInfo>('/operator');
  useBrandColor(operator.data?.brandColor);
  const [location] = useLocation();
  const lineSegment = /^\/lines\/([^/]+)/.exec(location)?.[1];
  return (
    <OperatorContext.Provider value={operator.data}>
      <Layout number={lineSegment === undefined ? undefined : decode(lineSegment)}>
        <Switch>
          <Route path="/" component={PickLinePage} />
          <Route<{ number: string }> path="/lines/:number">{(params) => <HomePage number={decode(params.number)} />}</Route>
          <Route<{ number: string }> path="/lines/:number/manage">{(params) => <ManagePage number={decode(params.number)} />}</Route>
          <Route<{ number: string }> path="/lines/:number/history">{(params) => <HistoryPage number={decode(params.number)} />}</Route>
          <Route path="/register" component={RegisterPage} />
          <Route path="/login" component={LoginPage} />
          <Route path="/reset" component={ResetPage} />
          <Route<{ number: string }> path="/lines/:number/details">{(params) => <DetailsPage number={decode(params.number)} />}</Route>
          <Route path="/business/apply" component={ApplyPage} />
          <Route path="/business" component={CompanyPage} />
          <Route path="/admin/business" component={AdminBusinessPage} />
          <Route<{ number: string }> path="/lines/:number/top-up">{(params) => <TopUpPage number={decode(params.number)} />}</Route>
          <Route<{ number: string; paymentId: string }> path="/lines/:number/top-up/:paymentId">
            {(params) => <TopUpResultPage number={decode(params.number)} paymentId={decode(params.paymentId)} />}
          </Route>
          <Route component={NotFound} />
        </Switch>
      </Layout>
    </OperatorContext.Provider>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle>{t('app.notFound')}</PageTitle>
      <Card>
        <Link href="/" className="button">
          {t('app.backHome')}
        </Link>
      </Card>
    </>
  );
}
