import { postTemplatePreviewResponse } from '@/lib/templates/preview-http';

export const dynamic = 'force-dynamic';

export function POST(request: Request) {
  return postTemplatePreviewResponse(request);
}
