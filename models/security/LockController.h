// LockController: owns the unlocked profile session and locks it — closing the database,
// wiping the key and emptying every registered model — on request, on inactivity and when the
// operating system locks the screen or goes to sleep.
#pragma once

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

namespace htmse {

class InactivityMonitor;
class ProfileSession;
class ScreenLockWatcher;

class LockController : public QObject
{
    Q_OBJECT

public:
    explicit LockController(QObject* parent = nullptr);
    ~LockController() override;

    void setSession(std::unique_ptr<ProfileSession> session); // emits unlocked()
    ProfileSession* session() const { return m_session.get(); }
    bool isLocked() const { return !m_session; }

    // Called on every lock, before the database closes: clear a model, a view, a cache. The
    // clearer is forgotten when `context` is destroyed.
    void addClearer(QObject* context, std::function<void()> clear);
    void watch(InactivityMonitor* monitor);
    void watch(ScreenLockWatcher* watcher);

public slots:
    void lock(const QString& reason);

signals:
    void unlocked();
    void locked(const QString& reason);

private:
    std::unique_ptr<ProfileSession> m_session;
    QList<std::pair<QPointer<QObject>, std::function<void()>>> m_clearers;
};

} // namespace htmse
