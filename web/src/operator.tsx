/** The operator this Kabinet serves (`/api/v1/operator`): name, brand colour, contacts, mode. */
import { createContext, useContext, useEffect } from 'react';
import type { OperatorInfo } from './api/types.ts';

export const OperatorContext = createContext<OperatorInfo | undefined>(undefined);

export function useOperator(): OperatorInfo | undefined {
  return useContext(OperatorContext);
}

/** Puts the brand colour into the page's CSS variables, with a readable text colour on it. */
export function useBrandColor(color: string | undefined): void {
  useEffect(() => {
    if (!color || !/^#[0-9a-fA-F]{6}$/.test(color)) return;
    const root = document.documentElement.style;
    root.setProperty('--brand', color);
    root.setProperty('--on-brand', luminance(color) > 0.4 ? '#111418' : '#ffffff');
    document.querySelector('meta[name="theme-color"]')?.setAttribute('content', color);
  }, [color]);
}

/** WCAG relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}
