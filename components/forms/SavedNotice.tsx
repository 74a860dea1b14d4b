// The list pages' confirmation after a form saved or deleted an entry (the form navigates to `?saved=<key>` or
// `?deleted=<key>`). Sorting, filtering or paging builds new URLs without it, so it shows once.
import Link from 'next/link';
import { editHref } from '@/lib/registry/entry-href';
import { NOUN, type FormSection } from './form-sections';
import { successBox } from './styles';

type SearchParams = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined) => (typeof v === 'string' && v !== '' && v.length <= 4_096 ? v : null);

export function SavedNotice({ section, params }: { section: FormSection; params: SearchParams }) {
  const saved = one(params.saved);
  const deleted = one(params.deleted);
  const noun = NOUN[section];
  if (!saved && !deleted) return null;
  return (
    <div role="status" className={`${successBox} mb-4`}>
      {saved ? (
        <>
          {params.unchanged === '1' ? 'Nothing to save: ' : 'Saved '}
          {noun} <code className="font-mono font-medium">{saved}</code>
          {params.unchanged === '1' ? ' was already like that. ' : '. '}
          {(section !== 'api_endpoints' || saved.includes(' ')) && <Link href={editHref(section, saved)}>Edit it again</Link>}
        </>
      ) : (
        <>
          Deleted {noun} <code className="font-mono font-medium">{deleted}</code>.
        </>
      )}
    </div>
  );
}
