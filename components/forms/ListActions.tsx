// The editor's links in a list page's header: "New …" (and, for services, "Bulk edit"). Viewers see none:
// the pages behind them need the editor role anyway.
import Link from 'next/link';
import { newHref } from '@/lib/registry/entry-href';
import { NOUN, type FormSection } from './form-sections';
import { primaryButton, secondaryButton } from './styles';

const plain = 'no-underline hover:no-underline';

export function ListActions({ section, canEdit, bulkHref }: { section: FormSection; canEdit: boolean; bulkHref?: string }) {
  if (!canEdit) return null;
  return (
    <div className="flex flex-wrap gap-3">
      {bulkHref && (
        <Link href={bulkHref} className={`${secondaryButton} ${plain}`}>
          Bulk edit
        </Link>
      )}
      <Link href={newHref(section)} className={`${primaryButton} ${plain}`}>
        New {NOUN[section]}
      </Link>
    </div>
  );
}
