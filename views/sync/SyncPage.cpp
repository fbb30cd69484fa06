#include "views/sync/SyncPage.h"

#include "session/ProfileWorkspace.h"
#include "session/SyncController.h"
#include "views/referrals/ReferralTexts.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {
QTableWidget* makeTable(const QStringList& headers, const QString& name, QWidget* parent)
{
    auto* table = new QTableWidget(0, int(headers.size()), parent);
    table->setHorizontalHeaderLabels(headers);
    table->setAccessibleName(name);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setWordWrap(true);
    return table;
}

QString outcomeWords(const QString& outcome)
{
    if (outcome == "ok"_L1)
        return SyncPage::tr("Synced");
    if (outcome == "cancelled"_L1)
        return SyncPage::tr("Cancelled");
    if (outcome == "unreachable"_L1)
        return SyncPage::tr("Server unreachable");
    if (outcome == "bad-credentials"_L1)
        return SyncPage::tr("Sign-in refused");
    return SyncPage::tr("Failed");
}

QString movedWords(const SyncJournal::HistoryEntry& e)
{
    QStringList parts;
    if (e.pushedEvents > 0)
        parts.append(SyncPage::tr("%n change(s) uploaded", nullptr, e.pushedEvents));
    if (e.rejectedEvents > 0)
        parts.append(SyncPage::tr("%1 refused by the server").arg(e.rejectedEvents));
    if (e.pulledEvents > 0)
        parts.append(SyncPage::tr("%n referral update(s) received", nullptr, e.pulledEvents));
    if (e.pulledProfiles > 0)
        parts.append(SyncPage::tr("%n directory profile(s) received", nullptr, e.pulledProfiles));
    if (e.removedProfiles > 0)
        parts.append(SyncPage::tr("%1 removed").arg(e.removedProfiles));
    if (e.pulledPublications > 0)
        parts.append(SyncPage::tr("%n news or resource item(s)", nullptr, e.pulledPublications));
    return parts.isEmpty() ? SyncPage::tr("Nothing new") : parts.join(u", "_s);
}
QString whatToDo(SyncOutcome::Result result)
{
    switch (result) {
    case SyncOutcome::Result::BadCredentials:
        return SyncPage::tr("Check the user name, type your password and choose Sync now again.");
    case SyncOutcome::Result::Tls:
        return SyncPage::tr("The server's certificate could not be trusted, so nothing was sent. Check the address; "
                            "if it is right, ask your administrator about the certificate.");
    case SyncOutcome::Result::Refused:
        return SyncPage::tr("Use the server's https:// address (plain http is only for this computer).");
    case SyncOutcome::Result::Unreachable:
        return SyncPage::tr("Nothing is lost: what waits is uploaded at the next sync that reaches the server.");
    default:
        return {};
    }
}
} // namespace

SyncPage::SyncPage(QWidget* parent)
    : QWidget(parent)
    , m_server(new QLineEdit(this))
    , m_user(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_syncNow(new QPushButton(tr("Sync now"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_status(new QLabel(this))
    , m_problem(new QLabel(this))
    , m_history(makeTable({tr("When"), tr("What moved"), tr("How long"), tr("Outcome")}, tr("Sync history"), this))
    , m_refusedTitle(new QLabel(tr("Changes the server refused"), this))
    , m_refused(
          makeTable({tr("Case"), tr("Change"), tr("Reason"), tr("What to do")}, tr("Changes the server refused"), this))
{
    setObjectName(u"syncPage"_s);
    m_server->setObjectName(u"syncServer"_s);
    m_server->setAccessibleName(tr("Server address"));
    m_server->setPlaceholderText(tr("https://sync.example.org"));
    m_user->setObjectName(u"syncUser"_s);
    m_user->setAccessibleName(tr("User name"));
    m_password->setObjectName(u"syncPassword"_s);
    m_password->setAccessibleName(tr("Password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("Needed for the first sign-in only"));
    m_syncNow->setObjectName(u"syncNow"_s);
    m_syncNow->setAccessibleName(tr("Sync now"));
    m_syncNow->setDefault(true);
    m_cancel->setObjectName(u"syncCancel"_s);
    m_cancel->setAccessibleName(tr("Cancel the sync"));
    m_status->setObjectName(u"syncPageStatus"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->setObjectName(u"syncProblem"_s);
    m_problem->setWordWrap(true);
    m_history->setObjectName(u"syncHistory"_s);
    m_refused->setObjectName(u"syncRefused"_s);
    // The server's reason is the long one: it gets the room, wrapped.
    m_refused->horizontalHeader()->setStretchLastSection(false);
    m_refused->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);

    auto* form = new QFormLayout;
    form->addRow(tr("&Server:"), m_server);
    form->addRow(tr("&User name:"), m_user);
    form->addRow(tr("&Password:"), m_password);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_syncNow);
    buttons->addWidget(m_cancel);
    buttons->addStretch(1);
    auto* historyTitle = new QLabel(tr("Sync history"), this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addWidget(m_problem);
    layout->addWidget(historyTitle);
    layout->addWidget(m_history, 2);
    layout->addWidget(m_refusedTitle);
    layout->addWidget(m_refused, 1);

    connect(m_syncNow, &QPushButton::clicked, this, &SyncPage::syncNow);
    connect(m_password, &QLineEdit::returnPressed, this, &SyncPage::syncNow);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_controller)
            m_controller->cancel();
    });
    clear();
}

void SyncPage::setController(SyncController* controller, ProfileWorkspace* workspace)
{
    if (m_controller)
        disconnect(m_controller, nullptr, this, nullptr);
    if (m_workspace)
        disconnect(m_workspace, nullptr, this, nullptr);
    m_controller = controller;
    m_workspace = controller ? workspace : nullptr;
    clear();
    if (!controller)
        return;
    m_server->setText(controller->server().toString());
    m_user->setText(controller->user());
    connect(controller, &SyncController::statusChanged, this, &SyncPage::refresh);
    if (m_workspace)
        connect(m_workspace, &ProfileWorkspace::referralChanged, this, &SyncPage::refresh);
    connect(controller, &SyncController::finished, this, [this](const SyncOutcome& outcome) {
        // The status line says what went wrong in the client's words (a certificate, plain http, a
        // password); this line says what a person can do about it.
        m_problem->setText(whatToDo(outcome.result));
        fillHistory();
        fillRefused();
    });
    refresh();
    fillHistory();
    fillRefused();
}

void SyncPage::syncNow()
{
    if (!m_controller)
        return;
    const QUrl server(m_server->text().trimmed(), QUrl::StrictMode);
    const QString user = m_user->text().trimmed();
    if (!server.isValid() || server.host().isEmpty() || user.isEmpty()) {
        m_problem->setText(tr("Enter the server's address (https://…) and your user name."));
        return;
    }
    if (server != m_controller->server() || user != m_controller->user())
        m_controller->setServer(server, user);
    std::optional<SecureBytes> password;
    if (!m_password->text().isEmpty()) {
        // Guarded bytes; the field is cleared at once (the QString itself is Qt's to free).
        QByteArray utf8 = m_password->text().toUtf8();
        password = SecureBytes::copyOf(utf8);
        utf8.fill('\0');
        m_password->clear();
    }
    m_problem->clear();
    m_controller->syncNow(std::move(password));
    refresh();
}

void SyncPage::refresh()
{
    if (!m_controller || !m_workspace || !m_workspace->isOpen())
        return;
    const bool running = m_controller->isRunning();
    m_status->setText(m_controller->statusText());
    m_syncNow->setEnabled(!running);
    m_cancel->setEnabled(running);
}

void SyncPage::fillHistory()
{
    m_history->setRowCount(0);
    if (!m_workspace || !m_workspace->isOpen())
        return;
    const QList<SyncJournal::HistoryEntry> history = m_workspace->syncJournal().history(50);
    m_history->setRowCount(int(history.size()));
    for (int row = 0; row < history.size(); ++row) {
        const SyncJournal::HistoryEntry& e = history.at(row);
        // A failure's own words ("server unreachable (Connection refused)") say more than its kind.
        QString outcome = e.outcome == "ok"_L1 || e.message.isEmpty() ? outcomeWords(e.outcome) : e.message;
        if (!outcome.isEmpty())
            outcome[0] = outcome[0].toUpper();
        const QStringList cells{QLocale().toString(e.startedAt.toLocalTime(), QLocale::ShortFormat), movedWords(e),
                                tr("%1 s").arg(QLocale().toString(double(e.durationMs) / 1000.0, 'f', 1)), outcome};
        for (int column = 0; column < cells.size(); ++column)
            m_history->setItem(row, column, new QTableWidgetItem(cells.at(column)));
    }
    m_history->resizeColumnsToContents();
}

void SyncPage::fillRefused()
{
    m_refused->setRowCount(0);
    if (!m_workspace || !m_workspace->isOpen())
        return;
    const auto refused = m_workspace->syncJournal().rejectedEvents();
    m_refusedTitle->setText(refused.isEmpty() ? tr("Changes the server refused: none")
                                              : tr("Changes the server refused: %1").arg(refused.size()));
    m_refused->setRowCount(int(refused.size()));
    for (int row = 0; row < refused.size(); ++row) {
        const ReferralStore::OutboxEntry& entry = refused.at(row);
        const auto referral = m_workspace->referrals().referral(entry.referralId);
        QString change = tr("A change");
        if (referral)
            for (const Referral::RejectedEvent& r : referral->rejected)
                if (r.event.id == entry.id)
                    change = ReferralTexts::event(r.event.type);
        const QStringList cells{referral ? referral->details.caseRef : QString(), change, entry.reason,
                                tr("See the referral under Referrals (its status is the server's); record the "
                                   "change again if it still applies.")};
        for (int column = 0; column < cells.size(); ++column) {
            auto* item = new QTableWidgetItem(cells.at(column));
            item->setToolTip(cells.at(column));
            m_refused->setItem(row, column, item);
        }
    }
    for (int column : {0, 1, 3})
        m_refused->resizeColumnToContents(column);
    m_refused->resizeRowsToContents();
}

void SyncPage::clear()
{
    m_server->clear();
    m_user->clear();
    m_password->clear();
    m_problem->clear();
    m_status->setText(m_controller ? QString() : tr("Unlock a profile to sync."));
    m_history->setRowCount(0);
    m_refused->setRowCount(0);
    m_refusedTitle->setText(tr("Changes the server refused"));
    m_syncNow->setEnabled(m_controller);
    m_cancel->setEnabled(false);
}

} // namespace htmse
