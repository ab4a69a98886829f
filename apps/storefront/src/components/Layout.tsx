import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../auth/AuthProvider';
import { useCart } from '../cart/CartProvider';
import { Logo } from './Logo';

const CartLink = () => {
  const { cart } = useCart();
  const count = cart?.itemCount ?? 0;
  return (
    <NavLink to="/cart" aria-label={`Cart, ${count} ${count === 1 ? 'item' : 'items'}`}>
      Cart
      <span className="cart-count" aria-hidden="true">
        {count}
      </span>
    </NavLink>
  );
};

const AccountActions = () => {
  const { session, isAdmin, logOut } = useAuth();
  const navigate = useNavigate();
  if (!session) {
    return (
      <div className="account-actions">
        <Link to="/login">Log in</Link>
        <Link to="/register" className="button button-small">
          Register
        </Link>
      </div>
    );
  }
  return (
    <div className="account-actions">
      {isAdmin ? <span className="badge badge-info">Admin</span> : null}
      <button
        type="button"
        className="button button-small button-ghost"
        onClick={async () => {
          await logOut();
          await navigate('/');
        }}
      >
        Log out
      </button>
    </div>
  );
};

/** Header, main landmark and footer around every page. */
export const Layout = () => {
  const { session, isAdmin } = useAuth();
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const shownPath = useRef(pathname);

  // A client-side navigation does not move focus: bring it to the new page, as a full page
  // load would, so keyboard and screen-reader users start at the top of what changed. The
  // path is compared (not a first-render flag) so StrictMode's double effects stay harmless.
  useEffect(() => {
    if (shownPath.current === pathname) return;
    shownPath.current = pathname;
    main.current?.focus();
  }, [pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="container header-inner">
          <Link to="/" className="brand">
            <Logo />
            <span>Shop</span>
          </Link>
          <nav aria-label="Main" className="main-nav">
            <ul>
              <li>
                <NavLink to="/" end>
                  Catalog
                </NavLink>
              </li>
              {session ? (
                <>
                  <li>
                    <NavLink to="/orders">Orders</NavLink>
                  </li>
                  <li>
                    <NavLink to="/inbox">Inbox</NavLink>
                  </li>
                </>
              ) : null}
              {isAdmin ? (
                <li>
                  <NavLink to="/admin">Admin</NavLink>
                </li>
              ) : null}
              <li>
                <CartLink />
              </li>
            </ul>
          </nav>
          <AccountActions />
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="container">
        <Outlet />
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>Demo shop: payments go to a simulator, no real card is ever charged.</p>
        </div>
      </footer>
    </>
  );
};
