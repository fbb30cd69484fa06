#include "views/incoming/IncomingPage.h"

#include "session/ProfileWorkspace.h"
#include "session/SyncController.h"
#include "views/referrals/ReferralTexts.h"
#include "views/referrals/ReferralWizardWidgets.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {
constexpr int kIdRole = Qt::UserRole + 1;
constexpr int kStatusRole = Qt::UserRole + 2;
} // namespace

IncomingPage::IncomingPage(QWidget* parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_table(new QTableWidget(0, 5, this))
    , m_acknowledge(new QPushButton(tr("Acknowledge"), this))
    , m_accept(new QPushButton(tr("Accept"), this))
    , m_declineReason(referralui::vocabularyCombo(Vocabulary::DeclineReason, tr("Reason for declining"), this,
                                                  tr("Reason for declining…")))
    , m_decline(new QPushButton(tr("Decline"), this))
    , m_complete(new QPushButton(tr("Complete"), this))
    , m_message(new QLabel(this))
{
    setObjectName(u"incomingPage"_s);
    m_summary->setObjectName(u"incomingSummary"_s);
    m_summary->setWordWrap(true);
    m_table->setObjectName(u"incomingList"_s);
    m_table->setAccessibleName(tr("Referrals addressed to you"));
    m_table->setHorizontalHeaderLabels({tr("Case"), tr("Kind"), tr("Urgency"), tr("Status"), tr("Sent")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_acknowledge->setObjectName(u"incomingAcknowledge"_s);
    m_acknowledge->setAccessibleName(tr("Acknowledge the referral"));
    m_accept->setObjectName(u"incomingAccept"_s);
    m_accept->setAccessibleName(tr("Accept the referral"));
    m_declineReason->setObjectName(u"incomingDeclineReason"_s);
    m_decline->setObjectName(u"incomingDecline"_s);
    m_decline->setAccessibleName(tr("Decline the referral for the chosen reason"));
    m_complete->setObjectName(u"incomingComplete"_s);
    m_complete->setAccessibleName(tr("Record the referral as completed"));
    m_message->setObjectName(u"incomingMessage"_s);
    m_message->setWordWrap(true);

    auto* actions = new QHBoxLayout;
    actions->addWidget(m_acknowledge);
    actions->addWidget(m_accept);
    actions->addSpacing(fontMetrics().averageCharWidth() * 2);
    actions->addWidget(m_declineReason);
    actions->addWidget(m_decline);
    actions->addSpacing(fontMetrics().averageCharWidth() * 2);
    actions->addWidget(m_complete);
    actions->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    layout->addLayout(actions);
    layout->addWidget(m_message);

    connect(m_table, &QTableWidget::itemSelectionChanged, this, &IncomingPage::updateActions);
    connect(m_declineReason, &QComboBox::currentIndexChanged, this, &IncomingPage::updateActions);
    connect(m_acknowledge, &QPushButton::clicked, this, [this] { record(ReferralEventType::Acknowledged); });
    connect(m_accept, &QPushButton::clicked, this, [this] { record(ReferralEventType::Accepted); });
    connect(m_decline, &QPushButton::clicked, this, [this] { record(ReferralEventType::Declined); });
    connect(m_complete, &QPushButton::clicked, this, [this] { record(ReferralEventType::Completed); });
    reload();
}

void IncomingPage::setController(SyncController* controller, ProfileWorkspace* workspace)
{
    if (m_controller)
        disconnect(m_controller, nullptr, this, nullptr);
    if (m_workspace)
        disconnect(m_workspace, nullptr, this, nullptr);
    m_controller = controller;
    m_workspace = workspace;
    m_message->clear();
    if (workspace) {
        connect(workspace, &ProfileWorkspace::referralChanged, this, &IncomingPage::reload);
        connect(workspace, &ProfileWorkspace::referralsReplaced, this, &IncomingPage::reload);
    }
    if (controller)
        connect(controller, &SyncController::finished, this, &IncomingPage::reload);
    reload();
}

void IncomingPage::reload()
{
    const QUuid keep = selected();
    m_table->setRowCount(0);
    if (!m_workspace || !m_workspace->isOpen()) {
        m_summary->setText(tr("Unlock a profile to see the referrals addressed to you."));
        updateActions();
        return;
    }
    const QList<QUuid> received = m_workspace->referrals().receivedReferrals();
    int row = 0;
    for (const QUuid& id : received) {
        const auto summary = m_workspace->referrals().summary(id);
        if (!summary)
            continue;
        m_table->insertRow(row);
        const QStringList cells{summary->caseRef, vocabularyLabel(Vocabulary::ReferralKind, summary->kind),
                                vocabularyLabel(Vocabulary::Urgency, summary->urgency),
                                ReferralTexts::status(summary->status),
                                QLocale().toString(summary->createdAt.toLocalTime(), QLocale::ShortFormat)};
        for (int column = 0; column < cells.size(); ++column) {
            auto* item = new QTableWidgetItem(cells.at(column));
            item->setData(kIdRole, id);
            item->setData(kStatusRole, int(summary->status));
            m_table->setItem(row, column, item);
        }
        if (id == keep)
            m_table->selectRow(row);
        ++row;
    }
    if (row > 0)
        m_summary->setText(tr("%n referral(s) addressed to you. Choose one, then what you do with it; it is "
                              "uploaded at the next sync.",
                              nullptr, row));
    else if (m_controller && m_controller->accountKnown() && m_controller->professionalId().isNull())
        m_summary->setText(tr("Your account (%1) is not linked to a professional in the directory, so no referral "
                              "is addressed to you here: Incoming is for professionals who receive referrals.")
                               .arg(m_controller->user()));
    else
        m_summary->setText(tr("No referral addressed to you has arrived. Referrals sent to you come here with "
                              "each sync when you sign in with a professional's account."));
    m_table->resizeColumnsToContents();
    updateActions();
}

QUuid IncomingPage::selected() const
{
    const auto rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return {};
    return rows.first().data(kIdRole).toUuid();
}

void IncomingPage::updateActions()
{
    const auto rows = m_table->selectionModel()->selectedRows();
    QList<ReferralEventType> allowed;
    if (!rows.isEmpty())
        allowed = ReferralTransitions::allowedEvents(ReferralStatus(rows.first().data(kStatusRole).toInt()));
    m_acknowledge->setEnabled(allowed.contains(ReferralEventType::Acknowledged));
    m_accept->setEnabled(allowed.contains(ReferralEventType::Accepted));
    const bool mayDecline = allowed.contains(ReferralEventType::Declined);
    m_declineReason->setEnabled(mayDecline);
    m_decline->setEnabled(mayDecline && !referralui::currentCode(m_declineReason).isEmpty());
    m_complete->setEnabled(allowed.contains(ReferralEventType::Completed));
}

void IncomingPage::record(ReferralEventType type)
{
    const QUuid id = selected();
    if (id.isNull() || !m_workspace || !m_workspace->isOpen())
        return;
    QJsonObject payload;
    if (type == ReferralEventType::Declined)
        payload.insert(u"reason"_s, referralui::currentCode(m_declineReason));
    if (type == ReferralEventType::Completed)
        payload.insert(u"success"_s, true);
    ReferralError error;
    if (!m_workspace->addReferralEvent(id, type, payload, &error)) {
        m_message->setText(tr("Not recorded: %1").arg(error.message));
        return;
    }
    m_message->setText(tr("Recorded as %1; it is uploaded at the next sync.").arg(ReferralTexts::event(type)));
    reload();
}

} // namespace htmse
