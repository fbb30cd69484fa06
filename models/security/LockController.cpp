#include "security/LockController.h"

#include "security/InactivityMonitor.h"
#include "security/ScreenLockWatcher.h"
#include "storage/Vault.h"

namespace htmse {

using namespace Qt::StringLiterals;

LockController::LockController(QObject* parent)
    : QObject(parent)
{}

LockController::~LockController()
{
    lock(u"exit"_s);
}

void LockController::setSession(std::unique_ptr<ProfileSession> session)
{
    if (m_session)
        lock(u"replaced"_s);
    m_session = std::move(session);
    if (m_session)
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
    if (!m_session)
        return;
    for (const auto& [context, clear] : std::as_const(m_clearers))
        if (context)
            clear();
    m_session->lock(reason);
    m_session.reset();
    emit locked(reason);
}

} // namespace htmse
