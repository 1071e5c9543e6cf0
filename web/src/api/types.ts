/** Wire shapes of the REST API (`/openapi.json`), as the web app reads them. */
export type Money = { minor: number; currency: string; text: string };
export type Period = 'day' | 'month';
export type Segment = 'consumer' | 'corporate' | 'vip';
export type PaymentType = 'prepaid' | 'postpaid';
export type LineType = 'mobile' | 'pstn' | 'voip';
export type LineStatus = 'active' | 'blocked' | 'suspended';

export type OperatorInfo = {
  id: string;
  name: string;
  brand: string;
  brandColor: string;
  currency: string;
  languages: string[];
  timeZone: string;
  contacts: Record<string, string | string[]>;
  shortNumbers: { name: string; number: string; purpose: string }[];
  mode: 'demo' | 'production';
  /** Digits after the decimal point of the currency (API amounts are in minor units). */
  minorUnits: number;
};

export type DemoLine = {
  number: string;
  customer: string;
  segment: Segment;
  paymentType: PaymentType;
  lineType: LineType;
  status: LineStatus;
};

export type LineOverview = {
  number: string;
  status: LineStatus;
  segment: Segment;
  paymentType: PaymentType;
  lineType: LineType;
  language: string;
  customer: { kind: 'individual' | 'corporate'; name: string; region: string | null };
  tariff: { id: string; name: string; fee: Money; period: string };
  services: { id: string; name: string; fee: Money | null; period: string | null; pilot: boolean; activatedAt: string }[];
  balance: Money;
  loyaltyPoints: number;
  blockedNumbers: string[];
  lastPayment: LastPosting | null;
  lastDebit: LastPosting | null;
};

export type Offers = {
  tariffs: {
    id: string;
    name: string;
    description: string;
    fee: Money;
    period: string;
    changeFee: Money;
    included: { voiceMinutes: number; sms: number; dataMb: number };
    prices: { voicePerMinute: Money; smsEach: Money; dataPerMb: Money };
    current: boolean;
  }[];
  services: {
    id: string;
    name: string;
    description: string;
    fee: Money | null;
    period: string | null;
    activationFee: Money;
    active: boolean;
    pilot: boolean;
    includedInTariff: boolean;
    ussd: string | null;
  }[];
};

type TariffRef = { id: string; name: string; fee: Money; period: string };
export type TariffQuote = {
  from: TariffRef;
  to: TariffRef;
  changeFee: Money;
  effectiveFrom: string;
  servicesRemoved: { id: string; name: string }[];
  servicesAdded: { id: string; name: string }[];
  balanceAfter: Money;
  affordable: boolean;
};

export type ServiceChange = {
  number: string;
  serviceId: string;
  name: string;
  active: boolean;
  at: string;
  fee: Money | null;
  pilot: boolean;
};

export type LineHistory = {
  tariffs: { tariffId: string; validFrom: string; validTo: string | null }[];
  services: { serviceId: string; activatedAt: string; deactivatedAt: string | null }[];
  audit: {
    at: string;
    actorType: string;
    actorId: string;
    channel: string;
    action: string;
    before: unknown;
    after: unknown;
    interactionId: string | null;
  }[];
};

export type Catalog = {
  tariffs: { id: string; name: string; fee: Money; period: string; segments: string[] | null }[];
  services: { id: string; name: string; fee: Money | null; period: string | null; pilot: boolean; ussd: string | null }[];
};

/** Who is signed in (`GET /auth/me`, and inside every session). */
export type Principal = { role: string; id: string; channel: string; number: string | null };

/** A new browser session (the token itself stays in an HttpOnly cookie). */
export type SessionView = { csrfToken: string; expiresAt: string; principal: Principal };

/** What a new password must look like (`GET /auth/rules`). */
export type AuthRules = { passwordMinLength: number; passwordMaxLength: number; passwordMinDistinct: number; codeTtlMinutes: number };
// ---------------------------------------------------------------- manage: black list, promised payment, details, payments

export type BlackList = {
  number: string;
  service: { id: string; name: string } | null;
  serviceActive: boolean;
  max: number;
  numbers: { number: string; addedAt: string }[];
};
export type BlackListChange = BlackList & { changed: boolean; blocked: string };

export type PromisedPayment = {
  number: string;
  amount: Money;
  fee: Money;
  outstanding: Money;
  status: 'open' | 'repaid' | 'debt';
  takenAt: string;
  dueAt: string;
  balance: Money;
  lineStatus: LineStatus;
};
export type PromisedPaymentOffer = {
  number: string;
  offered: boolean;
  available: boolean;
  reasons: string[];
  maxAmount: Money | null;
  fee: Money | null;
  validityDays: number | null;
  open: PromisedPayment | null;
};

export type DetailType = 'voice' | 'sms' | 'data' | 'top-up' | 'fee' | 'charge' | 'credit';
export type ItemizedDetails = {
  number: string;
  from: string;
  to: string;
  timeZone: string;
  language: string;
  items: {
    at: string;
    localTime: string;
    type: DetailType;
    typeName: string;
    description: string;
    counterparty: string | null;
    quantity: string;
    amount: Money;
  }[];
  charged: Money;
  credited: Money;
};

export type BalanceHistory = {
  account: string;
  unit: string;
  balance: number;
  reserved: number;
  postings: {
    transferId: number;
    at: string;
    kind: string;
    description: string | null;
    externalRef: string | null;
    amount: number;
    balanceAfter: number;
  }[];
  nextBefore: number | null;
};
/** The newest top-up or debit of a line's main balance; `kind` is the ledger's transfer kind. */
export type LastPosting = { at: string; amount: Money; kind: string };

export type SpendByKind = { kind: string; units: number; includedUnits: number; amount: Money };
export type Spend = {
  number: string;
  month: string;
  total: Money;
  byKind: SpendByKind[];
  days: { day: string; total: Money; byKind: SpendByKind[] }[];
  recentMonths: { month: string; total: Money }[];
};

export type TariffCost = {
  id: string;
  name: string;
  fee: Money;
  period: string;
  monthlyCost: Money;
  monthlyUsage: Money;
  monthlyFees: Money;
};
export type TariffAdvice = {
  number: string;
  verdict: 'switch' | 'keep' | 'not-enough-usage';
  months: string[];
  from: string;
  to: string;
  records: number;
  current: TariffCost | null;
  suggested: (TariffCost & { monthlySaving: Money; changeFee: Money }) | null;
  tariffs: TariffCost[];
};
// ---------------------------------------------------------------- business cabinet (S4.8)

export type BusinessApplication = {
  id: number;
  company: string;
  region: string;
  contactNumber: string;
  language: string;
  message: string;
  lines: string[];
  status: 'pending' | 'approved' | 'rejected';
  reason: string | null;
  createdAt: string;
  reviewedAt: string | null;
  reviewedBy: string | null;
};

type PricedItem = { id: string; name: string; fee: Money | null; period: string | null };

export type Company = {
  company: { name: string; region: string | null };
  lines: {
    number: string;
    status: LineStatus;
    paymentType: PaymentType;
    lineType: LineType;
    tariff: PricedItem;
    services: PricedItem[];
    balance: Money;
  }[];
  totalBalance: Money;
  monthlyFees: Money;
};
/** Top-up by bank card (issue 6). */
export type CardTopUpOptions = {
  available: boolean;
  provider: string | null;
  currency: string;
  minorUnits: number;
  min: Money;
  max: Money;
  presets: Money[];
};

export type CardPayment = {
  paymentId: string;
  number: string;
  status: 'pending' | 'succeeded' | 'failed' | 'canceled';
  amount: Money;
  provider: string;
  redirectUrl: string | null;
  card: { brand: string; last4: string } | null;
  failureCode: string | null;
  transferId: number | null;
  createdAt: string;
  settledAt: string | null;
};
