import { Pagination } from '@strapi/strapi/admin';

/** Below a list: how many rows a page shows, and the links to the other pages (both kept in the URL). */
export function PaginationFooter({ pageCount, total }: { pageCount: number; total: number }) {
  return (
    <Pagination.Root pageCount={pageCount} total={total} defaultPageSize={20}>
      <Pagination.PageSize />
      <Pagination.Links />
    </Pagination.Root>
  );
}
