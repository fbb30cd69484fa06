#include "views/learning/LearningPage.h"

#include "itemmodels/PublicationModel.h"
#include "views/learning/SafeTextBrowser.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {
constexpr int kLessonIdRole = Qt::UserRole + 1;

// Unread rows in bold (the state column says "Unread" in words as well).
class UnreadBoldDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.data(PublicationModel::UnreadRole).toBool())
            option->font.setBold(true);
    }
};
} // namespace

LearningPage::LearningPage(QWidget* parent)
    : QWidget(parent)
    , m_news(new PublicationModel(SyncJournal::Stream::News, this))
    , m_resources(new PublicationModel(SyncJournal::Stream::Resources, this))
    , m_newsFilter(new PublicationFilterModel(this))
    , m_resourcesFilter(new PublicationFilterModel(this))
    , m_search(new QLineEdit(this))
    , m_tabs(new QTabWidget(this))
    , m_title(new QLabel(this))
    , m_meta(new QLabel(this))
    , m_progress(new QLabel(this))
    , m_lessons(new QListWidget(this))
    , m_reader(new SafeTextBrowser(this))
    , m_linkLine(new QLabel(this))
    , m_markUnread(new QPushButton(tr("Mark as &unread"), this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
{
    setObjectName(u"learningPage"_s);
    m_search->setObjectName(u"learningSearch"_s);
    m_search->setPlaceholderText(tr("Search news and resources"));
    m_search->setAccessibleName(tr("Search news and resources"));
    m_search->setClearButtonEnabled(true);
    auto* searchLabel = new QLabel(tr("&Search:"), this);
    searchLabel->setBuddy(m_search);
    m_newsView = makeList(m_news, m_newsFilter, u"newsList"_s);
    m_resourcesView = makeList(m_resources, m_resourcesFilter, u"resourcesList"_s);
    m_newsView->hideColumn(PublicationModel::KindColumn);
    m_tabs->setObjectName(u"learningTabs"_s);
    m_tabs->addTab(m_newsView, tr("News"));
    m_tabs->addTab(m_resourcesView, tr("Resources and courses"));

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto* searchRow = new QHBoxLayout;
    searchRow->addWidget(searchLabel);
    searchRow->addWidget(m_search, 1);
    leftLayout->addLayout(searchRow);
    leftLayout->addWidget(m_tabs, 1);

    m_title->setObjectName(u"readerTitle"_s);
    m_title->setWordWrap(true);
    m_title->setTextFormat(Qt::PlainText);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_meta->setObjectName(u"readerMeta"_s);
    m_meta->setTextFormat(Qt::PlainText);
    m_meta->setWordWrap(true);
    m_progress->setObjectName(u"courseProgress"_s);
    m_progress->setTextFormat(Qt::PlainText);
    m_lessons->setObjectName(u"lessonList"_s);
    m_lessons->setAccessibleName(tr("Lessons"));
    m_reader->setObjectName(u"reader"_s);
    m_reader->setAccessibleName(tr("Reader"));
    m_linkLine->setObjectName(u"readerLink"_s);
    m_linkLine->setTextFormat(Qt::PlainText);
    m_markUnread->setObjectName(u"markUnread"_s);
    m_markUnread->setAccessibleName(tr("Mark as unread"));
    m_markUnread->setEnabled(false);

    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto* titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title, 1);
    titleRow->addWidget(m_markUnread, 0, Qt::AlignTop);
    rightLayout->addLayout(titleRow);
    rightLayout->addWidget(m_meta);
    rightLayout->addWidget(m_progress);
    rightLayout->addWidget(m_lessons);
    rightLayout->addWidget(m_reader, 1);
    rightLayout->addWidget(m_linkLine);

    m_splitter->setObjectName(u"learningSplitter"_s);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(left);
    m_splitter->addWidget(right);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_splitter);
    setTabOrder(m_search, m_tabs);
    setTabOrder(m_tabs, m_markUnread);
    setTabOrder(m_markUnread, m_lessons);
    setTabOrder(m_lessons, m_reader);

    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_newsFilter->setSearchText(text);
        m_resourcesFilter->setSearchText(text);
    });
    for (PublicationModel* model : {m_news, m_resources}) {
        connect(model, &PublicationModel::unreadCountChanged, this, [this] { emit unreadCountChanged(unreadCount()); });
        connect(model, &QAbstractItemModel::modelReset, this, [this, model] {
            // A sync reloads the list: the item shown stays if it is still published; a withdrawn
            // one leaves the reader.
            if (m_shownModel == model && model->rowOf(m_shown) < 0)
                clearReader();
        });
    }
    connect(m_lessons, &QListWidget::currentRowChanged, this, &LearningPage::showLesson);
    connect(m_lessons, &QListWidget::itemChanged, this, &LearningPage::lessonToggled);
    connect(m_reader, &SafeTextBrowser::linkHovered, m_linkLine, &QLabel::setText);
    connect(m_markUnread, &QPushButton::clicked, this, [this] {
        if (m_shownModel && m_shownModel->markUnread(m_shown))
            m_markUnread->setEnabled(false);
    });
    clearReader();
}

QTableView* LearningPage::makeList(PublicationModel* model, PublicationFilterModel* filter, const QString& name)
{
    filter->setSourceModel(model);
    auto* view = new QTableView(this);
    view->setObjectName(name);
    view->setAccessibleName(model->stream() == SyncJournal::Stream::News ? tr("News") : tr("Resources and courses"));
    view->setModel(filter);
    view->setItemDelegate(new UnreadBoldDelegate(view));
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setSectionResizeMode(PublicationModel::TitleColumn, QHeaderView::Stretch);
    view->horizontalHeader()->setSectionResizeMode(PublicationModel::KindColumn, QHeaderView::ResizeToContents);
    view->horizontalHeader()->setSectionResizeMode(PublicationModel::PublishedColumn, QHeaderView::ResizeToContents);
    view->horizontalHeader()->setSectionResizeMode(PublicationModel::StateColumn, QHeaderView::ResizeToContents);
    connect(view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this, view] { showSelected(view); });
    return view;
}

void LearningPage::setWorkspace(ProfileWorkspace* workspace)
{
    clearReader();
    m_search->clear();
    m_news->setWorkspace(workspace);
    m_resources->setWorkspace(workspace);
    emit unreadCountChanged(unreadCount());
}

int LearningPage::unreadCount() const
{
    return m_news->unreadCount() + m_resources->unreadCount();
}

bool LearningPage::open(const QUuid& id)
{
    for (QTableView* view : {m_newsView, m_resourcesView}) {
        auto* filter = static_cast<PublicationFilterModel*>(view->model());
        auto* model = static_cast<PublicationModel*>(filter->sourceModel());
        const int row = model->rowOf(id);
        if (row < 0)
            continue;
        const QModelIndex index = filter->mapFromSource(model->index(row, 0));
        if (!index.isValid())
            return false;
        m_tabs->setCurrentWidget(view);
        view->setCurrentIndex(index);
        return m_shown == id;
    }
    return false;
}

void LearningPage::showSelected(QTableView* view)
{
    auto* filter = static_cast<PublicationFilterModel*>(view->model());
    auto* model = static_cast<PublicationModel*>(filter->sourceModel());
    const QModelIndex current = filter->mapToSource(view->currentIndex());
    const Publication* item = current.isValid() ? model->publicationAt(current.row()) : nullptr;
    if (!item)
        return;
    showItem(*item, model);
}

void LearningPage::showItem(const Publication& item, PublicationModel* model)
{
    m_shown = item.id;
    m_shownModel = model;
    model->markOpened(item.id); // opening it is reading it
    m_markUnread->setEnabled(true);
    m_title->setText(item.title);
    QStringList meta;
    if (!item.kind.isEmpty())
        meta << PublicationModel::kindText(item.kind);
    if (item.publishedAt.isValid())
        meta << tr("Published %1").arg(QLocale().toString(item.publishedAt.toLocalTime().date(), QLocale::LongFormat));
    if (!item.url.isEmpty())
        meta << tr("Online at %1").arg(item.url);
    m_meta->setText(meta.join(u" · "_s));
    m_lessons->blockSignals(true);
    m_lessons->clear();
    const QSet<QString> done = model->lessonsDone(item.id);
    for (qsizetype i = 0; i < item.lessons.size(); ++i) {
        const Lesson& lesson = item.lessons.at(i);
        auto* row = new QListWidgetItem(tr("Lesson %1: %2").arg(i + 1).arg(lesson.title), m_lessons);
        row->setData(kLessonIdRole, lesson.id);
        row->setFlags(row->flags() | Qt::ItemIsUserCheckable);
        row->setCheckState(done.contains(lesson.id) ? Qt::Checked : Qt::Unchecked);
        row->setToolTip(tr("Tick when you have done this lesson"));
    }
    m_lessons->blockSignals(false);
    const bool course = item.isCourse() && !item.lessons.isEmpty();
    m_lessons->setVisible(course);
    m_progress->setVisible(course);
    if (course)
        m_lessons->setMaximumHeight(m_lessons->sizeHintForRow(0) * int(std::min<qsizetype>(item.lessons.size(), 6)) +
                                    2 * m_lessons->frameWidth() + 4);
    updateProgress();
    QString html;
    if (!item.summary.isEmpty())
        html += u"<p><b>"_s + item.summary.toHtmlEscaped() + u"</b></p>"_s;
    m_reader->setSafeHtml(html + item.body);
}

void LearningPage::showLesson(int row)
{
    const Publication* item = m_shownModel ? m_shownModel->publicationAt(m_shownModel->rowOf(m_shown)) : nullptr;
    if (!item || row < 0 || row >= item->lessons.size())
        return;
    const Lesson& lesson = item->lessons.at(row);
    m_reader->setSafeHtml(u"<h2>"_s + tr("Lesson %1: %2").arg(row + 1).arg(lesson.title).toHtmlEscaped() + u"</h2>"_s +
                          lesson.body);
}

void LearningPage::lessonToggled(QListWidgetItem* row)
{
    if (!m_shownModel)
        return;
    const bool done = row->checkState() == Qt::Checked;
    if (!m_shownModel->setLessonDone(m_shown, row->data(kLessonIdRole).toString(), done)) {
        m_lessons->blockSignals(true);
        row->setCheckState(done ? Qt::Unchecked : Qt::Checked);
        m_lessons->blockSignals(false);
    }
    updateProgress();
}

void LearningPage::updateProgress()
{
    int done = 0;
    for (int i = 0; i < m_lessons->count(); ++i)
        done += m_lessons->item(i)->checkState() == Qt::Checked ? 1 : 0;
    m_progress->setText(m_lessons->count() == 0 ? QString()
                        : done == m_lessons->count()
                            ? tr("Course done: all %n lesson(s)", nullptr, m_lessons->count())
                            : tr("Course progress: %1 of %n lesson(s) done", nullptr, m_lessons->count()).arg(done));
}

void LearningPage::clearReader()
{
    m_shown = {};
    m_shownModel = nullptr;
    m_title->setText(tr("Nothing open"));
    m_meta->setText(tr("Choose a news item or a resource. Everything here is kept in your profile and can be read "
                       "offline."));
    m_lessons->clear();
    m_lessons->hide();
    m_progress->hide();
    m_markUnread->setEnabled(false);
    m_linkLine->clear();
    m_reader->setSafeHtml({});
}

} // namespace htmse
