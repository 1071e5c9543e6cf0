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
