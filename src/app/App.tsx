import { Router, Route, Navigate } from '@solidjs/router';
import type { ParentProps } from 'solid-js';
import { Boot } from './Boot';
import { RequireAuth } from './RequireAuth';
import { Shell } from './Shell';
import { LoginPage } from './routes/LoginPage';
import { ChangePasswordPage } from './routes/ChangePasswordPage';
import { LibraryPage } from './routes/LibraryPage';
import { NotFoundPage } from './routes/NotFoundPage';
import { SettingsPage } from './routes/SettingsPage';
import { AdminArea } from './AdminArea';
import { AdminUsersPage } from './routes/AdminUsersPage';
import { AdminLibraryPage } from './routes/AdminLibraryPage';
import { LocalSync } from './ingest/LocalSync';
import { S3Sync } from './S3Sync';
import { TextIndexRunner } from './fulltext/TextIndexRunner';
import { PwaNotices } from './PwaNotices';
import { SyncRunner } from './sync/SyncRunner';
import { JoinPage } from './sync/JoinPage';
import { ReadRoute } from './routes/ReadRoute';
import { lazyPart } from '../ui/lazyPart';
import { NotLoaded } from '../ui/NotLoaded';

const NotLoadedPage = () => <NotLoaded shape="page" />;
const NotLoadedScreen = () => <NotLoaded shape="screen" />;
const CollectionsPage = lazyPart(() => import('./collections/CollectionsPage').then((m) => ({ default: m.CollectionsPage })), NotLoadedPage);
const CollectionPage = lazyPart(() => import('./collections/CollectionPage').then((m) => ({ default: m.CollectionPage })), NotLoadedPage);
const SharedCollectionPage = lazyPart(() => import('./shared/SharedCollectionPage').then((m) => ({ default: m.SharedCollectionPage })), NotLoadedScreen);
const SharedReadRoute = lazyPart(() => import('./shared/SharedReadRoute').then((m) => ({ default: m.SharedReadRoute })), NotLoadedScreen);

function Authed(props: ParentProps) {
  return (
    <RequireAuth>
      <Shell>
        <LocalSync />
        <S3Sync />
        <TextIndexRunner />
        {props.children}
      </Shell>
    </RequireAuth>
  );
}

export function App() {
  return (
    <>
    <PwaNotices />
    <Boot>
      <SyncRunner />
      <Router>
        <Route path="/login" component={LoginPage} />
        <Route path="/join" component={JoinPage} />
        <Route path="/change-password" component={ChangePasswordPage} />
        {/* Signed in, full screen without the Shell (ReadRoute checks the session itself). */}
        <Route path="/read/:bookId" component={ReadRoute} />
        {/* Public share links: no session (the token is the key), no Shell. */}
        <Route path="/shared/:token" component={SharedCollectionPage} />
        <Route path="/shared/:token/read/:bookId" component={SharedReadRoute} />
        <Route path="/" component={Authed}>
          <Route path="/" component={() => <Navigate href="/library" />} />
          <Route path="/library" component={LibraryPage} />
          <Route path="/collections" component={CollectionsPage} />
          <Route path="/collections/:id" component={CollectionPage} />
          <Route path="/settings" component={SettingsPage} />
          {/* Admins only (AdminArea shows "Not allowed" to others); pages add one line here. */}
          <Route path="/admin" component={AdminArea}>
            <Route path="/" component={() => <Navigate href="/admin/library" />} />
            <Route path="/library" component={AdminLibraryPage} />
            <Route path="/users" component={AdminUsersPage} />
            <Route path="*" component={NotFoundPage} />
          </Route>
          <Route path="*" component={NotFoundPage} />
        </Route>
      </Router>
    </Boot>
    </>
  );
}
