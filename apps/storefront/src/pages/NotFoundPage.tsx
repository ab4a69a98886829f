import { Link } from 'react-router';
import { usePageTitle } from '../hooks/usePageTitle';

export const NotFoundPage = () => {
  usePageTitle('Page not found');
  return (
    <section className="page narrow">
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
      <Link to="/" className="button">
        Back to the catalog
      </Link>
    </section>
  );
};
