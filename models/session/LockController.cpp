#include "session/LockController.h"

#include "security/InactivityMonitor.h"
#include "security/ScreenLockWatcher.h"
#include "session/ProfileWorkspace.h"

namespace htmse {

using namespace Qt::StringLiterals;

LockController::LockController(QObject* parent)
    : QObject(parent)
{}

LockController::~LockController()
{
    lock(u"exit"_s);
}

void LockController::setWorkspace(std::unique_ptr<ProfileWorkspace> workspace)
{
    if (m_workspace)
        lock(u"replaced"_s);
    m_workspace = std::move(workspace);
    if (m_workspace)
        emit unlocked();
}

void LockController::addClearer(QObject* context, std::function<void()> clear)
{
    m_clearers.append({QPointer<QObject>(context), std::move(clear)});
}

void LockController::watch(InactivityMonitor* monitor)
{
    connect(monitor, &InactivityMonitor::idle, this, [this] { lock(u"inactivity"_s); });
}

void LockController::watch(ScreenLockWatcher* watcher)
{
    connect(watcher, &ScreenLockWatcher::lockRequested, this, &LockController::lock);
}

void LockController::lock(const QString& reason)
{
    if (!m_workspace)
        return;
    for (const auto& [context, clear] : std::as_const(m_clearers))
        if (context)
            clear();
    m_workspace->close(reason);
    m_workspace.reset();
    emit locked(reason);
}

} // namespace htmse
