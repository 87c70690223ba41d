import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Navigate, RouterProvider, createBrowserRouter, type RouteObject } from 'react-router-dom';
import { isApiError } from './api/client';
import { RequirePermission, ProtectedApp } from './components/guards';
import { RouteError } from './components/RouteError';
import { ToastProvider } from './components/Toasts';
import { startColorScheme } from './lib/color-scheme';
import { SessionProvider } from './lib/session';
import { AccountPage } from './pages/account-page';
import { ApiKeysPage } from './pages/api-keys-page';
import { AuditPage } from './pages/audit-page';
import { EndpointNewPage } from './pages/endpoint-new-page';
import { EndpointSettingsPage } from './pages/endpoint-settings-page';
import { EndpointsPage } from './pages/endpoints-page';
import { NotFoundPage } from './pages/not-found-page';
import { ProcessDetailPage } from './pages/process-detail-page';
import { ProcessesPage } from './pages/processes-page';
import { SecretsPage } from './pages/secrets-page';
import { SignInPage } from './pages/sign-in-page';
import { TokensPage } from './pages/tokens-page';
import { UsersPage } from './pages/users-page';

function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // A 4xx will not get better by asking again; a dropped connection might.
        retry: (failures, error) => failures < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
      },
      mutations: { retry: false },
    },
  });
}

const routes: RouteObject[] = [
  { path: '/sign-in', element: <SignInPage />, errorElement: <RouteError /> },
  {
    path: '/',
    element: <ProtectedApp />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Navigate to="/endpoints" replace /> },
      { path: 'endpoints', element: <EndpointsPage />, errorElement: <RouteError /> },
      { path: 'endpoints/new', element: <EndpointNewPage />, errorElement: <RouteError /> },
      {
        // Monaco is large: the editor screens load it on demand.
        path: 'endpoints/:endpointId',
        lazy: async () => ({ Component: (await import('./pages/endpoint-editor-page')).EndpointEditorPage }),
        errorElement: <RouteError />,
      },
      { path: 'endpoints/:endpointId/settings', element: <EndpointSettingsPage />, errorElement: <RouteError /> },
      {
        path: 'endpoints/:endpointId/versions',
        lazy: async () => ({ Component: (await import('./pages/endpoint-versions-page')).EndpointVersionsPage }),
        errorElement: <RouteError />,
      },
      { path: 'processes', element: <ProcessesPage />, errorElement: <RouteError /> },
      {
        // The README's scenario API, rendered: marked and the text load with the page.
        path: 'help',
        lazy: async () => ({ Component: (await import('./features/help/HelpPage')).HelpPage }),
        errorElement: <RouteError />,
      },
      { path: 'processes/:processId', element: <ProcessDetailPage />, errorElement: <RouteError /> },
      // Every role: its own name, role and password.
      { path: 'account', element: <AccountPage />, errorElement: <RouteError /> },
      {
        path: 'users',
        element: (
          <RequirePermission permission="users.manage">
            <UsersPage />
          </RequirePermission>
        ),
        errorElement: <RouteError />,
      },
      {
        path: 'tokens',
        element: (
          <RequirePermission permission="tokens.manage">
            <TokensPage />
          </RequirePermission>
        ),
        errorElement: <RouteError />,
      },
      {
        path: 'api-keys',
        element: (
          <RequirePermission permission="apiKeys.manage">
            <ApiKeysPage />
          </RequirePermission>
        ),
        errorElement: <RouteError />,
      },
      {
        path: 'audit',
        element: (
          <RequirePermission permission="audit.read">
            <AuditPage />
          </RequirePermission>
        ),
        errorElement: <RouteError />,
      },
      {
        path: 'secrets',
        element: (
          <RequirePermission permission="secrets.manage">
            <SecretsPage />
          </RequirePermission>
        ),
        errorElement: <RouteError />,
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

// Before the first render, so no screen renders in the wrong scheme (see lib/color-scheme.ts).
startColorScheme();
const router = createBrowserRouter(routes);
const queryClient = createQueryClient();

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <ToastProvider>
          <RouterProvider router={router} />
        </ToastProvider>
      </SessionProvider>
    </QueryClientProvider>
  );
}
