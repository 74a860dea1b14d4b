import { EntryNotFound } from '@/components/forms/EntryNotFound';

export default function EndpointNotFound() {
  return <EntryNotFound section="api_endpoints" />;
}
