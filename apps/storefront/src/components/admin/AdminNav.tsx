import { NavLink } from 'react-router';

/** The back office's sections. */
export const AdminNav = () => (
  <nav className="admin-nav" aria-label="Back office">
    <NavLink to="/admin" end>
      Catalog
    </NavLink>
    <NavLink to="/admin/categories">Categories</NavLink>
    <NavLink to="/admin/orders">Orders</NavLink>
    <NavLink to="/admin/payments">Payments</NavLink>
    <NavLink to="/admin/customers">Customers</NavLink>
    <NavLink to="/admin/health">Saga health</NavLink>
  </nav>
);
