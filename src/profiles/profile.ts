/** The loaded operator profile: validated, cross-checked, money converted to integer minor units. */
import type {
  CatalogFile,
  ChannelsFile,
  DemoFile,
  IvrFile,
  Language,
  LineType,
  LocalizedText,
  MessagesFile,
  OperatorFile,
  PaymentType,
  Period,
  RulesFile,
  Segment,
} from './schema.ts';

/** Message templates every profile must have in every language. */
export const REQUIRED_MESSAGE_KEYS = [
  'balance',
  'tariffChanged',
  'serviceActivated',
  'serviceDeactivated',
  'lowBalance',
  'charge',
  'blocked',
  'unblocked',
  'accessCode',
  'loginCode',
  'help',
  'unknownCommand',
] as const;

export type Eligibility = {
  segments?: Segment[] | undefined;
  paymentTypes?: PaymentType[] | undefined;
  lineTypes?: LineType[] | undefined;
};

/** Minor units: kopecks, fillér, cents. */
export type Money = number;

export type Fee = { amount: Money; period: Period };

export type Tariff = {
  id: string;
  names: LocalizedText;
  descriptions: LocalizedText | undefined;
  fee: Fee;
  prices: { voicePerMinute: Money; smsEach: Money; dataPerMb: Money };
  included: { voiceMinutes: number; sms: number; dataMb: number };
  eligibility: Eligibility;
  purchaseLimit: Money | undefined;
  changeFee: Money;
  includedServices: string[];
  archived: boolean;
};

export type Service = {
  id: string;
  names: LocalizedText;
  descriptions: LocalizedText | undefined;
  fee: Fee | undefined;
  activationFee: Money;
  activation: { ussd?: string | undefined; sms?: { to: string; text: string } | undefined; voice?: string | undefined };
  eligibility: Eligibility;
  excludedTariffs: string[];
  pilot: boolean;
  loyaltyPoints: boolean;
  keepsNumberList: boolean;
};

export type DemoCustomer = Omit<DemoFile['customers'][number], 'lines'> & {
  lines: (Omit<DemoFile['customers'][number]['lines'][number], 'balance'> & { balance: Money })[];
};

export type Profile = {
  id: string;
  name: string;
  brand: string;
  brandColor: string;
  country: OperatorFile['country'];
  currency: OperatorFile['currency'];
  timeZone: string;
  languages: Language[];
  defaultLanguage: Language;
  contacts: OperatorFile['contacts'];
  shortNumbers: OperatorFile['shortNumbers'];
  ussd: OperatorFile['ussd'];
  tariffs: Tariff[];
  services: Service[];
  rules: RulesFile;
  messages: MessagesFile;
  ivr: IvrFile;
  demo: DemoCustomer[];
  /** SMS commands and USSD menus (`channels.yaml`). */
  channels: ChannelsFile;
};

export type ProfileFiles = {
  operator: OperatorFile;
  catalog: CatalogFile;
  rules: RulesFile;
  messages: MessagesFile;
  ivr: IvrFile;
  demo: DemoFile;
  channels: ChannelsFile;
};

/** Looks up a tariff by id. */
export function findTariff(profile: Profile, id: string): Tariff | undefined {
  return profile.tariffs.find((t) => t.id === id);
}

/** Looks up a service by id. */
export function findService(profile: Profile, id: string): Service | undefined {
  return profile.services.find((s) => s.id === id);
}

/** Text in the wanted language, else the profile's default, else any. */
export function localize(text: LocalizedText | undefined, language: string, fallback: Language): string {
  if (!text) return '';
  return text[language as Language] ?? text[fallback] ?? Object.values(text)[0] ?? '';
}
