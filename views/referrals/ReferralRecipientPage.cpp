#include "views/referrals/ReferralRecipientPage.h"

#include "itemmodels/MatchResultsModel.h"
#include "views/referrals/ReferralWizardWidgets.h"

#include <QApplication>
#include <QButtonGroup>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPainter>
#include <QRadioButton>
#include <QStyledItemDelegate>
#include <QVBoxLayout>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {
// Two lines per match: the name with its score, then the engine's "why".
class MatchDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QString text(const QModelIndex& index) const
    {
        return ReferralRecipientPage::tr("%1 — score %2\n%3")
            .arg(index.data(MatchResultsModel::NameRole).toString())
            .arg(qRound(index.data(MatchResultsModel::ScoreRole).toDouble()))
            .arg(index.data(MatchResultsModel::ExplanationRole).toString());
    }

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        opt.text.clear();
        const QWidget* widget = option.widget;
        QStyle* style = widget ? widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
        const QStringList lines = text(index).split(u'\n');
        const bool selected = option.state & QStyle::State_Selected;
        painter->save();
        painter->setPen(option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
        const QRect area = option.rect.adjusted(6, 4, -6, -4);
        const int line = option.fontMetrics.lineSpacing();
        QFont bold = option.font;
        bold.setBold(true);
        painter->setFont(bold);
        painter->drawText(QRect(area.left(), area.top(), area.width(), line), Qt::AlignLeft | Qt::AlignVCenter,
                          QFontMetrics(bold).elidedText(lines.value(0), Qt::ElideRight, area.width()));
        painter->setFont(option.font);
        painter->drawText(QRect(area.left(), area.top() + line, area.width(), line), Qt::AlignLeft | Qt::AlignVCenter,
                          option.fontMetrics.elidedText(lines.value(1), Qt::ElideRight, area.width()));
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        const QSize base = QStyledItemDelegate::sizeHint(option, index);
        return {base.width(), option.fontMetrics.lineSpacing() * 2 + 8};
    }
};
} // namespace

ReferralRecipientPage::ReferralRecipientPage(std::function<MatchQuery()> query, QWidget* parent)
    : QWizardPage(parent)
    , m_query(std::move(query))
    , m_model(new MatchResultsModel(this))
    , m_fromDirectory(new QRadioButton(tr("A professional from the &directory, best matches first:"), this))
    , m_external(new QRadioButton(tr("Someone &outside the directory:"), this))
    , m_results(new QListView(this))
    , m_why(new QLabel(this))
    , m_relaxations(referralui::messageLabel(u"relaxations"_s, this))
    , m_externalName(new QLineEdit(this))
{
    setTitle(tr("Recipient"));
    setSubTitle(tr("Matches for the needs, languages and place you entered."));
    m_fromDirectory->setObjectName(u"fromDirectory"_s);
    m_fromDirectory->setAccessibleName(tr("A professional from the directory"));
    m_external->setObjectName(u"externalRecipientChoice"_s);
    m_external->setAccessibleName(tr("Someone outside the directory"));
    auto* group = new QButtonGroup(this);
    group->addButton(m_fromDirectory);
    group->addButton(m_external);
    m_fromDirectory->setChecked(true);
    m_results->setObjectName(u"matches"_s);
    m_results->setAccessibleName(tr("Matching professionals"));
    m_results->setModel(m_model);
    m_results->setItemDelegate(new MatchDelegate(m_results));
    m_results->setSelectionMode(QAbstractItemView::SingleSelection);
    m_why->setObjectName(u"why"_s);
    m_why->setWordWrap(true);
    m_externalName->setObjectName(u"externalRecipient"_s);
    m_externalName->setAccessibleName(tr("Recipient outside the directory"));
    m_externalName->setPlaceholderText(tr("name and organisation, and how to reach them"));
    m_externalName->setMaxLength(400);
    m_externalName->setEnabled(false);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_fromDirectory);
    layout->addWidget(m_results, 1);
    layout->addWidget(m_why);
    layout->addWidget(m_relaxations);
    layout->addWidget(m_external);
    layout->addWidget(m_externalName);
    setTabOrder(m_fromDirectory, m_results);
    setTabOrder(m_results, m_external);
    setTabOrder(m_external, m_externalName);

    connect(m_external, &QRadioButton::toggled, this, [this](bool on) {
        m_externalName->setEnabled(on);
        m_results->setEnabled(!on);
        emit completeChanged();
    });
    connect(m_externalName, &QLineEdit::textChanged, this, &ReferralRecipientPage::completeChanged);
    connect(m_results->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] {
        showWhy();
        emit completeChanged();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &ReferralRecipientPage::showWhy);
}

void ReferralRecipientPage::setWorkspace(ProfileWorkspace* workspace)
{
    m_model->setWorkspace(workspace);
}

void ReferralRecipientPage::setPreferredRecipient(const QUuid& id)
{
    m_preferred = id;
}

void ReferralRecipientPage::initializePage()
{
    QStringList problems;
    const QUuid chosen = recipientId().isNull() ? m_preferred : recipientId();
    if (!m_model->setQuery(m_query(), &problems))
        m_model->clear();
    int row = m_model->rowCount() > 0 ? 0 : -1;
    for (int r = 0; r < m_model->rowCount(); ++r)
        if (m_model->index(r).data(MatchResultsModel::IdRole).toUuid() == chosen)
            row = r;
    if (row >= 0)
        m_results->setCurrentIndex(m_model->index(row));
    QStringList suggestions;
    for (const Relaxation& r : m_model->relaxations())
        suggestions.append(r.description);
    QString text;
    if (!problems.isEmpty())
        text = tr("These details cannot be matched: %1").arg(problems.join(u"; "_s));
    else if (m_model->rowCount() == 0)
        text = tr("No professional in the directory matches all of this. %1")
                   .arg(suggestions.isEmpty()
                            ? tr("Choose someone outside the directory, or go back and widen "
                                 "the search.")
                            : tr("Going back and widening the search would find: %1.").arg(suggestions.join(u"; "_s)));
    referralui::showMessage(m_relaxations, text, true);
    showWhy();
    emit completeChanged();
}

void ReferralRecipientPage::showWhy()
{
    const QModelIndex current = m_results->currentIndex();
    m_why->setText(current.isValid() ? tr("Why: %1").arg(current.data(MatchResultsModel::ExplanationRole).toString())
                                     : QString());
}

bool ReferralRecipientPage::isComplete() const
{
    if (m_external->isChecked())
        return !m_externalName->text().trimmed().isEmpty();
    return m_results->currentIndex().isValid();
}

QUuid ReferralRecipientPage::recipientId() const
{
    if (m_external->isChecked() || !m_results->currentIndex().isValid())
        return {};
    return m_results->currentIndex().data(MatchResultsModel::IdRole).toUuid();
}

QString ReferralRecipientPage::externalRecipient() const
{
    return m_external->isChecked() ? m_externalName->text().trimmed() : QString();
}

QString ReferralRecipientPage::recipientName() const
{
    if (m_external->isChecked())
        return externalRecipient();
    return m_results->currentIndex().data(MatchResultsModel::NameRole).toString();
}

void ReferralRecipientPage::clearAll()
{
    m_model->clear();
    m_preferred = {};
    m_fromDirectory->setChecked(true);
    m_externalName->clear();
    m_why->clear();
    m_relaxations->hide();
}

} // namespace htmse
