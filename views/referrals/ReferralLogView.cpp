#include "views/referrals/ReferralLogView.h"

#include "domain/Vocabulary.h"
#include "export/PdfDocument.h"
#include "export/ReferralCsv.h"
#include "export/ReferralLetter.h"
#include "itemmodels/ReferralLogModel.h"
#include "session/ProfileWorkspace.h"
#include "session/SyncController.h"
#include "views/ClipboardGuard.h"
#include "views/Printing.h"
#include "views/referrals/AnswerLinkDialog.h"
#include "views/referrals/ReferralEventDialog.h"
#include "views/referrals/ReferralHistoryHtml.h"
#include "views/referrals/ReferralLogDelegate.h"
#include "views/referrals/ReferralLogTextModel.h"
#include "views/referrals/ReferralTexts.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace htmse {

using namespace Qt::StringLiterals;
using E = ReferralEventType;

namespace {
// The events a person records from the log, in the order the buttons show them. "created" is the
// wizard's; "erased" is per case (Erase case…); "follow-up-set" has its own row.
constexpr E kActions[] = {E::Sent,      E::Acknowledged, E::Accepted,         E::Declined,
                          E::Completed, E::Revoked,      E::ConsentWithdrawn, E::NoteAdded};

QPushButton* button(const QString& text, const QString& objectName, QWidget* parent)
{
    auto* b = new QPushButton(text, parent);
    b->setObjectName(objectName);
    b->setAccessibleName(QString(text).remove(u'&').remove(u'…').trimmed());
    return b;
}

QDateEdit* dateEdit(const QString& objectName, const QString& accessibleName, QWidget* parent)
{
    auto* edit = new QDateEdit(parent);
    edit->setObjectName(objectName);
    edit->setAccessibleName(accessibleName);
    edit->setCalendarPopup(true);
    edit->setDisplayFormat(u"yyyy-MM-dd"_s);
    return edit;
}
} // namespace

ReferralLogView::ReferralLogView(QWidget* parent)
    : QWidget(parent)
    , m_model(new ReferralLogModel(this))
    , m_text(new ReferralLogTextModel(this))
    , m_new(button(tr("&New referral…"), u"newReferral"_s, this))
    , m_export(button(tr("E&xport log as CSV…"), u"exportCsv"_s, this))
    , m_minimised(new QCheckBox(tr("Minimised (no case references or notes)"), this))
    , m_table(new QTableView(this))
    , m_detail(new QTextBrowser(this))
    , m_message(new QLabel(this))
{
    setObjectName(u"referralLog"_s);
    setAccessibleName(tr("Referral log"));
    m_minimised->setObjectName(u"exportMinimised"_s);
    m_minimised->setAccessibleName(tr("Export minimised"));
    m_minimised->setChecked(true);
    m_table->setObjectName(u"referralTable"_s);
    m_table->setAccessibleName(tr("Referrals"));
    m_text->setSourceModel(m_model);
    m_text->setRecipientNames([this](const QString& recipient) { return recipientLabel(recipient); });
    m_table->setModel(m_text);
    m_table->setItemDelegate(new ReferralLogDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ReferralLogModel::UpdatedColumn, Qt::DescendingOrder);
    m_table->verticalHeader()->hide();
    m_table->setTabKeyNavigation(false); // Tab leaves the table; the arrows move within it
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_detail->setObjectName(u"referralDetail"_s);
    m_detail->setAccessibleName(tr("Referral details and history"));
    m_detail->setOpenLinks(false);
    m_message->setObjectName(u"logMessage"_s);
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);

    auto* top = new QHBoxLayout;
    top->addWidget(m_new);
    top->addStretch(1);
    top->addWidget(m_export);
    top->addWidget(m_minimised);
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(buildFilters());
    leftLayout->addWidget(m_table, 1);
    auto* splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(buildDetail());
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_message);

    QWidget* order[] = {m_new,
                        m_status,
                        m_kind,
                        m_overdue,
                        m_fromOn,
                        m_from,
                        m_toOn,
                        m_to,
                        m_table,
                        m_detail,
                        m_actions.value(E::Sent)};
    for (size_t i = 1; i < std::size(order); ++i)
        setTabOrder(order[i - 1], order[i]);
    setTabOrder(m_erase, m_export);
    setTabOrder(m_export, m_minimised);
    connect(m_new, &QPushButton::clicked, this, &ReferralLogView::newReferralRequested);
    connect(m_export, &QPushButton::clicked, this, &ReferralLogView::exportCsv);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ReferralLogView::selectionChanged);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ReferralLogView::reselect);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &ReferralLogView::reselect);
    setWorkspace(nullptr);
}

ReferralLogView::~ReferralLogView() = default;

QAbstractItemModel* ReferralLogView::tableModel() const
{
    return m_text;
}

QWidget* ReferralLogView::buildFilters()
{
    auto* box = new QWidget(this);
    m_status = new QComboBox(box);
    m_status->setObjectName(u"statusFilter"_s);
    m_status->setAccessibleName(tr("Show status"));
    m_status->addItem(tr("Any status"), -1);
    m_status->addItem(tr("Open (not closed)"), -2);
    for (ReferralStatus s : allReferralStatuses())
        if (s != ReferralStatus::None)
            m_status->addItem(ReferralTexts::status(s), int(s));
    m_kind = new QComboBox(box);
    m_kind->setObjectName(u"kindFilter"_s);
    m_kind->setAccessibleName(tr("Show kind"));
    m_kind->addItem(tr("Any kind"), QString());
    for (const QString& code : vocabularyCodes(Vocabulary::ReferralKind))
        m_kind->addItem(vocabularyLabel(Vocabulary::ReferralKind, code), code);
    m_overdue = new QCheckBox(tr("&Overdue only"), box);
    m_overdue->setObjectName(u"overdueFilter"_s);
    m_overdue->setAccessibleName(tr("Overdue only"));
    m_fromOn = new QCheckBox(tr("Updated &from"), box);
    m_fromOn->setObjectName(u"fromFilterOn"_s);
    m_fromOn->setAccessibleName(tr("Updated from"));
    m_from = dateEdit(u"fromFilter"_s, tr("Updated from date"), box);
    m_toOn = new QCheckBox(tr("&to"), box);
    m_toOn->setObjectName(u"toFilterOn"_s);
    m_toOn->setAccessibleName(tr("Updated to"));
    m_to = dateEdit(u"toFilter"_s, tr("Updated to date"), box);
    auto* statusLabel = new QLabel(tr("&Status:"), box);
    statusLabel->setBuddy(m_status);
    auto* kindLabel = new QLabel(tr("&Kind:"), box);
    kindLabel->setBuddy(m_kind);
    auto* layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QWidget* w : std::initializer_list<QWidget*>{statusLabel, m_status, kindLabel, m_kind, m_overdue, m_fromOn,
                                                      m_from, m_toOn, m_to})
        layout->addWidget(w);
    layout->addStretch(1);
    connect(m_status, &QComboBox::currentIndexChanged, this, &ReferralLogView::applyFilter);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &ReferralLogView::applyFilter);
    for (QCheckBox* c : {m_overdue, m_fromOn, m_toOn})
        connect(c, &QCheckBox::toggled, this, &ReferralLogView::applyFilter);
    for (QDateEdit* d : {m_from, m_to})
        connect(d, &QDateEdit::dateChanged, this, &ReferralLogView::applyFilter);
    return box;
}

QWidget* ReferralLogView::buildDetail()
{
    auto* box = new QWidget(this);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_detail, 1);
    layout->addWidget(buildActions());
    return box;
}

QWidget* ReferralLogView::buildActions()
{
    auto* box = new QWidget(this);
    auto* grid = new QGridLayout(box);
    grid->setContentsMargins(0, 0, 0, 0);
    int i = 0;
    for (E type : kActions) {
        QPushButton* b = button(ReferralTexts::action(type), u"action-"_s + toWire(type), box);
        m_actions.insert(type, b);
        grid->addWidget(b, i / 4, i % 4);
        connect(b, &QPushButton::clicked, this, [this, type] { startEvent(type); });
        ++i;
    }
    const int row = (i + 3) / 4;
    auto* followUpLabel = new QLabel(tr("Follow-up d&ue:"), box);
    m_followUp = dateEdit(u"followUpDate"_s, tr("Follow-up due"), box);
    followUpLabel->setBuddy(m_followUp);
    m_setFollowUp = button(ReferralTexts::action(E::FollowUpSet), u"action-follow-up-set"_s, box);
    grid->addWidget(followUpLabel, row, 0);
    grid->addWidget(m_followUp, row, 1);
    grid->addWidget(m_setFollowUp, row, 2);
    m_print = button(tr("Pr&int letter…"), u"printLetter"_s, box);
    m_saveLetter = button(tr("Sa&ve letter as PDF…"), u"saveLetter"_s, box);
    m_erase = button(tr("E&rase case…"), u"eraseCase"_s, box);
    grid->addWidget(m_print, row + 1, 0);
    grid->addWidget(m_saveLetter, row + 1, 1);
    grid->addWidget(m_erase, row + 1, 3);
    m_answerLink = button(tr("Answer &link…"), u"makeAnswerLink"_s, box);
    m_answerLink->setToolTip(tr("A link the recipient outside the directory answers on, once, without an account"));
    m_revokeLinks = button(tr("Revoke answer links"), u"revokeAnswerLinks"_s, box);
    grid->addWidget(m_answerLink, row + 2, 0);
    grid->addWidget(m_revokeLinks, row + 2, 1);
    connect(m_answerLink, &QPushButton::clicked, this, &ReferralLogView::makeAnswerLink);
    connect(m_revokeLinks, &QPushButton::clicked, this, &ReferralLogView::revokeAnswerLinks);
    connect(m_setFollowUp, &QPushButton::clicked, this, &ReferralLogView::setFollowUp);
    connect(m_print, &QPushButton::clicked, this, &ReferralLogView::printLetter);
    connect(m_saveLetter, &QPushButton::clicked, this, &ReferralLogView::saveLetter);
    connect(m_erase, &QPushButton::clicked, this, &ReferralLogView::confirmErase);
    return box;
}

void ReferralLogView::setWorkspace(ProfileWorkspace* workspace)
{
    if (m_workspace)
        disconnect(m_workspace, nullptr, this, nullptr);
    if (m_dialog) {
        m_dialog->reject();
        delete m_dialog;
    }
    m_workspace = workspace;
    m_recipientNames.clear();
    m_current = {};
    m_referral.reset();
    if (workspace) {
        // Rows move, go and come back while the model follows a change; the selection follows
        // them, and must not be taken for the person choosing another referral. Connected before
        // the model's own handlers, so it runs first; the handlers after the model's run last.
        connect(workspace, &ProfileWorkspace::referralChanged, this, [this] { m_holding = true; });
        connect(workspace, &ProfileWorkspace::referralsReplaced, this, [this] { m_holding = true; });
    }
    m_model->setWorkspace(workspace);
    m_detail->clear();
    m_detail->setPlaceholderText(QString());
    m_message->clear();
    m_new->setEnabled(workspace);
    m_export->setEnabled(workspace);
    updateActions(std::nullopt);
    if (!workspace)
        return;
    const QDate today = workspace->clock().now().toLocalTime().date();
    m_from->setDate(today.addMonths(-1));
    m_to->setDate(today);
    m_followUp->setDate(today.addDays(7));
    connect(workspace, &ProfileWorkspace::closing, this, [this] { setWorkspace(nullptr); });
    connect(workspace, &ProfileWorkspace::directoryChanged, this, [this] { m_recipientNames.clear(); });
    connect(workspace, &ProfileWorkspace::referralChanged, this, [this] {
        m_holding = false;
        showReferral(m_current);
    });
    connect(workspace, &ProfileWorkspace::referralsReplaced, this, [this] {
        m_holding = false;
        showReferral(m_current);
    });
    applyFilter();
}

void ReferralLogView::applyFilter()
{
    ReferralLogModel::Filter f;
    const int status = m_status->currentData().toInt();
    if (status == -2) {
        for (ReferralStatus s : allReferralStatuses())
            if (s != ReferralStatus::None && !ReferralTransitions::isClosed(s))
                f.statuses.insert(s);
    } else if (status >= 0) {
        f.statuses.insert(ReferralStatus(status));
    }
    f.kind = m_kind->currentData().toString();
    f.overdueOnly = m_overdue->isChecked();
    m_from->setEnabled(m_fromOn->isChecked());
    m_to->setEnabled(m_toOn->isChecked());
    if (m_fromOn->isChecked())
        f.from = m_from->date();
    if (m_toOn->isChecked())
        f.to = m_to->date();
    m_model->setFilter(f);
}

void ReferralLogView::selectionChanged()
{
    if (m_holding)
        return;
    const QModelIndex current = m_table->currentIndex();
    const QUuid id = current.isValid() ? current.data(ReferralLogModel::IdRole).toUuid() : QUuid();
    if (id != m_current)
        showReferral(id);
}

void ReferralLogView::reselect()
{
    // Rows move as referrals change (the log is sorted by last change): keep the same referral.
    if (m_current.isNull())
        return;
    for (int row = 0; row < m_text->rowCount(); ++row) {
        const QModelIndex index = m_text->index(row, 0);
        if (index.data(ReferralLogModel::IdRole).toUuid() == m_current) {
            if (m_table->currentIndex().row() != row)
                m_table->setCurrentIndex(index);
            return;
        }
    }
}

void ReferralLogView::showReferral(const QUuid& id)
{
    m_current = id;
    m_referral = (m_workspace && !id.isNull()) ? m_workspace->referrals().referral(id) : std::nullopt;
    if (!m_referral) {
        m_current = {};
        m_detail->clear();
        if (m_workspace)
            m_detail->setPlaceholderText(m_model->totalCount() == 0
                                             ? tr("No referrals yet. New referral… starts one.")
                                             : tr("Choose a referral to see its history and what can be done next."));
        updateActions(std::nullopt);
        return;
    }
    const QDate today = m_workspace->clock().now().toLocalTime().date();
    m_detail->setHtml(ReferralHistoryHtml::html(*m_referral, recipientName(m_referral->details), today));
    updateActions(m_referral);
    reselect();
}

void ReferralLogView::updateActions(const std::optional<Referral>& referral)
{
    const QList<E> allowed = referral ? ReferralTransitions::allowedEvents(referral->status) : QList<E>();
    for (auto it = m_actions.cbegin(); it != m_actions.cend(); ++it)
        it.value()->setEnabled(allowed.contains(it.key()));
    m_setFollowUp->setEnabled(allowed.contains(E::FollowUpSet));
    m_followUp->setEnabled(allowed.contains(E::FollowUpSet));
    const bool letter = referral && referral->sharingAllowed();
    m_print->setEnabled(letter);
    m_saveLetter->setEnabled(letter);
    m_erase->setEnabled(referral && !referral->details.caseRef.isEmpty());
    // A link answers a sent referral that has not been accepted or declined yet.
    m_answerLink->setEnabled(answerLinksPossible(referral) &&
                             ReferralTransitions::apply(referral->status, E::Accepted).has_value());
    m_revokeLinks->setEnabled(answerLinksPossible(referral));
}

bool ReferralLogView::answerLinksPossible(const std::optional<Referral>& referral) const
{
    return referral && m_sync && m_workspace && !referral->details.externalRecipient.isEmpty() &&
           referral->sharingAllowed() && m_linkFor.isNull();
}

void ReferralLogView::setClipboardGuard(ClipboardGuard* guard)
{
    m_clipboard = guard;
}

void ReferralLogView::setSyncController(SyncController* controller)
{
    if (m_sync)
        disconnect(m_sync, nullptr, this, nullptr);
    m_sync = controller;
    m_linkFor = {};
    if (controller)
        connect(controller, &SyncController::answerLinkDone, this, &ReferralLogView::answerLinkDone);
    updateActions(m_referral);
}

void ReferralLogView::makeAnswerLink()
{
    if (m_referral)
        requestAnswerLink(m_referral->id);
}

void ReferralLogView::requestAnswerLink(const QUuid& id)
{
    if (!m_workspace || id.isNull())
        return;
    if (!m_sync || !m_sync->createAnswerLink(id)) {
        say(tr("No answer link now: sync is running or no server is set up. Make it with Answer link… when sync "
               "is idle."),
            true);
        return;
    }
    m_linkFor = id;
    updateActions(m_referral);
    say(tr("Uploading the referral and asking the server for an answer link…"));
}

void ReferralLogView::revokeAnswerLinks()
{
    if (!m_sync || !m_referral)
        return;
    if (!m_sync->revokeAnswerLinks(m_referral->id)) {
        say(tr("Nothing revoked now: sync is running or no server is set up. Try again when sync is idle."), true);
        return;
    }
    m_linkFor = m_referral->id;
    updateActions(m_referral);
    say(tr("Asking the server to revoke the answer links…"));
}

void ReferralLogView::answerLinkDone(const AnswerLinkResult& result)
{
    if (result.referralId != m_linkFor)
        return;
    m_linkFor = {};
    updateActions(m_referral);
    if (!result.ok) {
        say(result.kind == AnswerLinkErrand::Kind::Create ? tr("No answer link was made: %1.").arg(result.message)
                                                          : tr("The links were not revoked: %1.").arg(result.message),
            true);
        return;
    }
    if (result.kind == AnswerLinkErrand::Kind::RevokeAll) {
        say(tr("%n answer link(s) revoked: they no longer open anything.", nullptr, result.revoked));
        return;
    }
    say(tr("An answer link was made. It is shown once, in the window that opened."));
    auto* dialog = new AnswerLinkDialog(result.url, result.expiresAt, m_clipboard, this);
    connect(dialog, &AnswerLinkDialog::printRequested, this,
            [this, id = result.referralId](const QUrl& url, const QDateTime& expires) {
                printLetterWith(id, url, expires);
            });
    openDialog(dialog);
}

QString ReferralLogView::recipientLabel(const QString& recipient) const
{
    const QUuid id = QUuid::fromString(recipient);
    if (id.isNull() || !m_workspace)
        return recipient; // someone outside the directory, as written
    auto it = m_recipientNames.constFind(id);
    if (it == m_recipientNames.cend()) {
        const auto p = m_workspace->directory().professional(id);
        it = m_recipientNames.insert(id, p ? p->displayName : tr("(no longer in the directory)"));
    }
    return *it;
}

QString ReferralLogView::recipientName(const ReferralDetails& details) const
{
    if (!details.externalRecipient.isEmpty())
        return details.externalRecipient;
    if (m_workspace && !details.recipientId.isNull())
        if (const auto p = m_workspace->directory().professional(details.recipientId))
            return p->displayName;
    return tr("a professional no longer in the directory");
}

void ReferralLogView::say(const QString& text, bool problem)
{
    m_message->setText(text);
    m_message->setStyleSheet(problem ? u"color: #a4262c;"_s : QString());
    m_message->setAccessibleName(text);
}

void ReferralLogView::openDialog(QDialog* dialog)
{
    if (m_dialog) {
        m_dialog->reject();
        delete m_dialog;
    }
    m_dialog = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->open();
}

void ReferralLogView::startEvent(E type)
{
    if (!m_workspace || !m_referral)
        return;
    const QDate today = m_workspace->clock().now().toLocalTime().date();
    auto* dialog = new ReferralEventDialog(type, today, m_workspace->profile().name, this);
    const QUuid id = m_current;
    connect(dialog, &QDialog::accepted, this, [this, dialog, id, type] { recordEvent(id, type, dialog->payload()); });
    openDialog(dialog);
}

void ReferralLogView::recordEvent(const QUuid& id, E type, const QJsonObject& payload)
{
    if (!m_workspace)
        return;
    ReferralError error;
    const auto status = m_workspace->addReferralEvent(id, type, payload, &error);
    if (!status) {
        say(tr("Not recorded: %1").arg(error.message), true);
        return;
    }
    say(tr("Recorded: %1. The referral is now \"%2\".")
            .arg(ReferralTexts::event(type), ReferralTexts::status(*status)));
}

void ReferralLogView::setFollowUp()
{
    if (m_referral)
        recordEvent(m_current, E::FollowUpSet, QJsonObject{{u"due"_s, toIso(m_followUp->date())}});
}

QString ReferralLogView::letterHtml(const Referral& referral, const QUrl& answerUrl, const QDateTime& expires) const
{
    LetterContext context;
    context.answerUrl = answerUrl;
    context.answerExpires = expires;
    context.referrerName = m_workspace->profile().name;
    context.replyRoute = tr("Reply through HTMSE");
    context.recipientName = recipientName(referral.details);
    return ReferralLetter::html(referral, context);
}

void ReferralLogView::printLetter()
{
    if (m_referral)
        printLetterWith(m_referral->id, {}, {});
}

void ReferralLogView::printLetterWith(const QUuid& id, const QUrl& answerUrl, const QDateTime& expires)
{
    if (!m_workspace)
        return;
    const auto folded = m_workspace->referrals().referral(id);
    if (!folded)
        return;
    auto printer = std::make_shared<QPrinter>(QPrinter::HighResolution);
    // A neutral name: print queues are visible to others on the machine.
    printer->setDocName(tr("Referral letter"));
    auto* dialog = new QPrintDialog(printer.get(), this);
    dialog->setObjectName(u"printDialog"_s);
    dialog->setWindowTitle(tr("Print referral letter"));
    const Referral referral = *folded;
    connect(dialog, &QDialog::accepted, this, [this, printer, referral, answerUrl, expires] {
        QString error;
        if (!m_workspace || !m_workspace->audit().append(u"print"_s, u"referral letter"_s, &error)) {
            say(tr("Not printed: the audit log could not record it (%1).").arg(error), true);
            return;
        }
        if (Printing::print(letterHtml(referral, answerUrl, expires), printer.get()))
            say(tr("The letter went to the printer."));
        else
            say(tr("The letter could not be printed. Check the printer and try again."), true);
    });
    openDialog(dialog);
}

void ReferralLogView::saveLetter()
{
    if (!m_workspace || !m_referral)
        return;
    auto* dialog = new QFileDialog(this, tr("Save referral letter as PDF"));
    dialog->setObjectName(u"letterFileDialog"_s);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setOption(QFileDialog::DontUseNativeDialog);
    dialog->setNameFilter(tr("PDF documents (*.pdf)"));
    dialog->setDefaultSuffix(u"pdf"_s);
    connect(dialog, &QFileDialog::fileSelected, this, &ReferralLogView::writeLetter);
    openDialog(dialog);
}

void ReferralLogView::writeLetter(const QString& path)
{
    if (!m_workspace || !m_referral)
        return;
    // Written in full, then audited, then released: a letter that cannot be accounted for is not
    // written.
    QString error;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        !PdfDocument::write(letterHtml(*m_referral), tr("Referral letter"), &file, &error)) {
        file.cancelWriting();
        say(tr("The letter was not saved: %1").arg(error.isEmpty() ? file.errorString() : error), true);
        return;
    }
    if (!m_workspace->releaseAudited(file, u"export"_s, u"referral letter as PDF"_s, &error)) {
        say(tr("The letter was not saved: %1").arg(error), true);
        return;
    }
    say(tr("The letter was saved as %1.").arg(QDir::toNativeSeparators(path)));
}

void ReferralLogView::confirmErase()
{
    if (!m_workspace || !m_referral)
        return;
    const QString caseRef = m_referral->details.caseRef;
    int count = 0;
    for (const ReferralSummary& s : m_workspace->referrals().summaries())
        count += s.caseRef == caseRef ? 1 : 0;
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Erase case"),
                                tr("Erase case %1?\n\nThis erases %n referral(s) of this case, with their letters' "
                                   "details, notes, consent records and whole history, from this profile. The server "
                                   "and every other device erase them at the next sync. This cannot be undone.",
                                   nullptr, count)
                                    .arg(caseRef),
                                QMessageBox::NoButton, this);
    box->setObjectName(u"eraseConfirmation"_s);
    QPushButton* confirm = box->addButton(tr("&Erase"), QMessageBox::DestructiveRole);
    confirm->setObjectName(u"confirmErase"_s);
    confirm->setAccessibleName(tr("Erase"));
    QPushButton* cancel = box->addButton(QMessageBox::Cancel);
    cancel->setAccessibleName(tr("Cancel"));
    box->setDefaultButton(cancel);
    connect(confirm, &QPushButton::clicked, this, [this, caseRef] { erase(caseRef); });
    openDialog(box);
}

void ReferralLogView::erase(const QString& caseRef)
{
    if (!m_workspace)
        return;
    ReferralError error;
    const int erased = m_workspace->eraseCase(caseRef, &error);
    if (error) {
        say(tr("The case was not erased: %1").arg(error.message), true);
        return;
    }
    m_current = {};
    showReferral({});
    say(tr("%n referral(s) erased.", nullptr, erased));
}

void ReferralLogView::exportCsv()
{
    if (!m_workspace)
        return;
    auto* dialog = new QFileDialog(this, tr("Export the referral log as CSV"));
    dialog->setObjectName(u"csvFileDialog"_s);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setOption(QFileDialog::DontUseNativeDialog);
    dialog->setNameFilter(tr("CSV files (*.csv)"));
    dialog->setDefaultSuffix(u"csv"_s);
    const bool minimised = m_minimised->isChecked();
    connect(dialog, &QFileDialog::fileSelected, this,
            [this, minimised](const QString& path) { writeCsv(path, minimised); });
    openDialog(dialog);
}

void ReferralLogView::writeCsv(const QString& path, bool minimised)
{
    if (!m_workspace)
        return;
    // What the filters show, in the order shown.
    QList<ReferralSummary> rows;
    for (int row = 0; row < m_model->rowCount(); ++row)
        rows.append(*m_model->summaryAt(row));
    QSaveFile file(path);
    QString error;
    if (!file.open(QIODevice::WriteOnly) || !ReferralCsv::write(&file, rows, minimised, &error)) {
        file.cancelWriting();
        say(tr("Nothing was exported: %1").arg(error.isEmpty() ? file.errorString() : error), true);
        return;
    }
    // The audit entry before the file appears: an export that cannot be accounted for is not made.
    if (!m_workspace->releaseAudited(
            file, u"export"_s,
            u"referral log as CSV%1: %2 referrals"_s.arg(minimised ? u", minimised"_s : QString()).arg(rows.size()),
            &error)) {
        say(tr("Nothing was exported: %1").arg(error), true);
        return;
    }
    say(tr("%n referral(s) exported to %1.", nullptr, int(rows.size())).arg(QDir::toNativeSeparators(path)));
}

} // namespace htmse
