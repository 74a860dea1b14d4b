// Shared classes for the entry forms: one look for inputs, buttons and notices (the same palette as the lists).
export const inputClass =
  'block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-xs placeholder:text-slate-500 disabled:bg-slate-100 aria-[invalid=true]:border-red-600';

const button =
  'inline-flex items-center rounded-md px-4 py-2 text-sm font-medium disabled:cursor-not-allowed focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-700';
export const primaryButton = `${button} bg-indigo-700 text-white hover:bg-indigo-800 disabled:bg-slate-300 disabled:text-slate-600`;
export const secondaryButton = `${button} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 disabled:text-slate-400`;
export const dangerButton = `${button} bg-red-700 text-white hover:bg-red-800 disabled:bg-slate-300 disabled:text-slate-600`;
export const dangerOutlineButton = `${button} border border-red-300 bg-white text-red-800 hover:bg-red-50 disabled:text-slate-400`;

export const errorBox = 'rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900';
export const warningBox = 'rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950';
export const successBox = 'rounded-md border border-emerald-300 bg-emerald-50 px-4 py-3 text-sm text-emerald-900';
export const card = 'rounded-lg border border-slate-200 bg-white p-6 shadow-xs';
