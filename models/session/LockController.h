// LockController: owns the unlocked profile's workspace and locks it — emptying every registered
// model, then destroying the workspace (which closes the database and wipes the key) — on
// request, on inactivity and when the operating system locks the screen or goes to sleep.
#pragma once

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

namespace htmse {

class InactivityMonitor;
class ProfileWorkspace;
class ScreenLockWatcher;

class LockController : public QObject
{
    Q_OBJECT

public:
    explicit LockController(QObject* parent = nullptr);
    ~LockController() override;

    void setWorkspace(std::unique_ptr<ProfileWorkspace> workspace); // emits unlocked()
    ProfileWorkspace* workspace() const { return m_workspace.get(); }
    bool isLocked() const { return !m_workspace; }

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
    std::unique_ptr<ProfileWorkspace> m_workspace;
    QList<std::pair<QPointer<QObject>, std::function<void()>>> m_clearers;
};

} // namespace htmse
