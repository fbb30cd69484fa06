#include "storage/ProfileMeta.h"

#include <QSqlError>
#include <QSqlQuery>

namespace htmse {

using namespace Qt::StringLiterals;

QString ProfileMeta::name(Key key)
{
    switch (key) {
    case Key::AuditHead:
        return u"audit_head"_s;
    case Key::UnlockFailuresTotal:
        return u"unlock_failures_total"_s;
    case Key::DirectoryCursor:
        return u"directory_cursor"_s;
    case Key::DirectoryLastSync:
        return u"directory_last_sync"_s;
    case Key::EventCursor:
        return u"event_cursor"_s;
    case Key::NewsCursor:
        return u"news_cursor"_s;
    case Key::ResourcesCursor:
        return u"resources_cursor"_s;
    case Key::SyncServer:
        return u"sync_server"_s;
    case Key::SyncUser:
        return u"sync_user"_s;
    case Key::RefreshToken:
        return u"refresh_token"_s;
    case Key::LastSyncSuccess:
        return u"last_sync_success"_s;
    }
    Q_UNREACHABLE();
    return {};
}

ProfileMeta::ProfileMeta(QSqlDatabase db)
    : m_db(std::move(db))
{}

QVariant ProfileMeta::value(Key key) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT value FROM meta WHERE key = ?"_s);
    q.addBindValue(name(key));
    if (!q.exec() || !q.next())
        return {};
    return q.value(0);
}

bool ProfileMeta::setValue(Key key, const QVariant& value, QString* error)
{
    QSqlQuery q(m_db);
    q.prepare(u"INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"_s);
    q.addBindValue(name(key));
    q.addBindValue(value);
    if (q.exec())
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}

bool ProfileMeta::remove(Key key, QString* error)
{
    QSqlQuery q(m_db);
    q.prepare(u"DELETE FROM meta WHERE key = ?"_s);
    q.addBindValue(name(key));
    if (q.exec())
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}

} // namespace htmse
