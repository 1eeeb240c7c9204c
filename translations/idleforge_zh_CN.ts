<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ActivityDetails</name>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Select a row to see how it was verified.</source>
        <translation>选择一行，查看它是如何验证的。</translation>
    </message>
    <message>
        <source>Run commitment</source>
        <translation>运行承诺</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>裁决</translation>
    </message>
    <message>
        <source>Sampled steps</source>
        <translation>抽样步骤</translation>
    </message>
    <message>
        <source>Receipts</source>
        <translation>收据</translation>
    </message>
</context>
<context>
    <name>ActivityPage</name>
    <message>
        <source>Activity</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>所有类型</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Audits</source>
        <translation>审计</translation>
    </message>
    <message>
        <source>Disputes</source>
        <translation>争议</translation>
    </message>
    <message>
        <source>Show kind</source>
        <translation>显示类型</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>所有状态</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Verified or won</source>
        <translation>已验证或胜诉</translation>
    </message>
    <message>
        <source>Disputed</source>
        <translation>有争议</translation>
    </message>
    <message>
        <source>Lost or slashed</source>
        <translation>败诉或被罚没</translation>
    </message>
    <message>
        <source>Show state</source>
        <translation>显示状态</translation>
    </message>
    <message>
        <source>Task or game</source>
        <translation>任务或博弈</translation>
    </message>
    <message>
        <source>Search by task or game</source>
        <translation>按任务或博弈搜索</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>最新优先</translation>
    </message>
    <message>
        <source>Oldest first</source>
        <translation>最早优先</translation>
    </message>
    <message>
        <source>By task</source>
        <translation>按任务</translation>
    </message>
    <message>
        <source>By state</source>
        <translation>按状态</translation>
    </message>
    <message>
        <source>Most credits</source>
        <translation>积分最多</translation>
    </message>
    <message>
        <source>Sort</source>
        <translation>排序</translation>
    </message>
    <message>
        <source>Tasks, audits and disputes</source>
        <translation>任务、审计和争议</translation>
    </message>
    <message>
        <source>%1 %2, %3, %4</source>
        <translation>%1 %2，%3，%4</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>No tasks, audits or disputes yet.</source>
        <translation>还没有任务、审计或争议。</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <source>Back up the wallet</source>
        <translation>备份钱包</translation>
    </message>
    <message>
        <source>IdleForge wallet backups (*.ifbackup)</source>
        <translation>IdleForge 钱包备份 (*.ifbackup)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Write the backup to %1? A file already there is replaced.</source>
        <translation>将备份写入 %1？已有的文件将被替换。</translation>
    </message>
    <message>
        <source>The file is encrypted with the password you choose here. Keep the file and the password apart; without the password the file is useless, to you too.</source>
        <translation>文件将用您在此选择的密码加密。请将文件和密码分开保管；没有密码，这个文件毫无用处，对您也一样。</translation>
    </message>
    <message>
        <source>Backup file</source>
        <translation>备份文件</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Password for the file</source>
        <translation>文件密码</translation>
    </message>
    <message>
        <source>The same password again</source>
        <translation>再次输入相同密码</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Write the backup</source>
        <translation>写入备份</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>BenchmarkPage</name>
    <message>
        <source>Hardware</source>
        <translation>硬件</translation>
    </message>
    <message>
        <source>Run benchmark again</source>
        <translation>重新运行基准测试</translation>
    </message>
    <message>
        <source>Benchmark progress</source>
        <translation>基准测试进度</translation>
    </message>
    <message>
        <source>Compute (fp32 matrix multiply)</source>
        <translation>计算（fp32 矩阵乘法）</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Memory bandwidth</source>
        <translation>内存带宽</translation>
    </message>
    <message>
        <source>Benchmark figures</source>
        <translation>基准测试结果</translation>
    </message>
    <message>
        <source>%1% %2</source>
        <translation>%1% %2</translation>
    </message>
    <message>
        <source>peak unknown</source>
        <translation>峰值未知</translation>
    </message>
</context>
<context>
    <name>CreateWalletDialog</name>
    <message>
        <source>Your recovery phrase</source>
        <translation>您的恢复短语</translation>
    </message>
    <message>
        <source>Check your recovery phrase</source>
        <translation>核对您的恢复短语</translation>
    </message>
    <message numerus="yes">
        <source>Write these %n words down on paper, in order, and keep them offline. They are the only way to recover the wallet; anyone who has them has your funds. They are not shown again.</source>
        <translation>
            <numerusform>请按顺序把这 %n 个单词写在纸上，并离线保存。它们是恢复钱包的唯一方式；任何拥有它们的人都拥有您的资金。它们不会再次显示。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
    <message>
        <source>Type these words of your phrase to show it was written down correctly.</source>
        <translation>输入短语中的这些单词，以确认您已正确记下。</translation>
    </message>
    <message>
        <source>Word %1</source>
        <translation>第 %1 个单词</translation>
    </message>
    <message>
        <source>Word %1 of the recovery phrase</source>
        <translation>恢复短语的第 %1 个单词</translation>
    </message>
    <message>
        <source>I have written them down</source>
        <translation>我已记下</translation>
    </message>
    <message>
        <source>Create the wallet</source>
        <translation>创建钱包</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>CreditsText</name>
    <message>
        <source>%1 credits</source>
        <translation>%1 积分</translation>
    </message>
</context>
<context>
    <name>EarningsPage</name>
    <message>
        <source>Earnings</source>
        <translation>收益</translation>
    </message>
    <message>
        <source>Lifetime</source>
        <translation>累计</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待定</translation>
    </message>
    <message>
        <source>Stake</source>
        <translation>质押</translation>
    </message>
    <message>
        <source>Earnings by day, last 30 days</source>
        <translation>每日收益（最近 30 天）</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>积分</translation>
    </message>
    <message>
        <source>Receipts</source>
        <translation>收据</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Export the receipts as CSV</source>
        <translation>将收据导出为 CSV</translation>
    </message>
    <message>
        <source>%1 %2 credits, %3, %4</source>
        <translation>%1 %2 积分，%3，%4</translation>
    </message>
    <message>
        <source>No receipts yet.</source>
        <translation>还没有收据。</translation>
    </message>
    <message>
        <source>Export receipts</source>
        <translation>导出收据</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
</context>
<context>
    <name>HardwarePage</name>
    <message>
        <source>Hardware</source>
        <translation>硬件</translation>
    </message>
    <message>
        <source>Run benchmark again</source>
        <translation>重新运行基准测试</translation>
    </message>
    <message>
        <source>Benchmark progress</source>
        <translation>基准测试进度</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>当前</translation>
    </message>
    <message>
        <source>temperature not reported</source>
        <translation>未报告温度</translation>
    </message>
    <message>
        <source>utilisation not reported</source>
        <translation>未报告利用率</translation>
    </message>
    <message>
        <source>Benchmark</source>
        <translation>基准测试</translation>
    </message>
    <message>
        <source>not measured yet</source>
        <translation>尚未测量</translation>
    </message>
    <message>
        <source>Share of the peak</source>
        <translation>占峰值比例</translation>
    </message>
    <message>
        <source>%1% %2</source>
        <translation>%1% %2</translation>
    </message>
    <message>
        <source>peak unknown</source>
        <translation>峰值未知</translation>
    </message>
</context>
<context>
    <name>ImportWalletDialog</name>
    <message>
        <source>Import this wallet?</source>
        <translation>导入此钱包？</translation>
    </message>
    <message>
        <source>Import a recovery phrase</source>
        <translation>导入恢复短语</translation>
    </message>
    <message>
        <source>Type the 12 or 24 words of your recovery phrase, separated by spaces.</source>
        <translation>输入恢复短语的 12 或 24 个单词，用空格分隔。</translation>
    </message>
    <message>
        <source>Recovery phrase</source>
        <translation>恢复短语</translation>
    </message>
    <message numerus="yes">
        <source>The phrase checks out (%n words).</source>
        <translation>
            <numerusform>短语有效（%n 个单词）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Use %1 instead</source>
        <translation>改用 %1</translation>
    </message>
    <message>
        <source>Passphrase (only if you set one; most people did not)</source>
        <translation>密码短语（仅当您设置过时填写；大多数人没有设置）</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>密码短语</translation>
    </message>
    <message numerus="yes">
        <source>The wallet of these %n words will be stored in the system keychain and receive the payouts.</source>
        <translation>
            <numerusform>这 %n 个单词对应的钱包将保存在系统密钥链中，并接收付款。</numerusform>
        </translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>LogsPage</name>
    <message>
        <source>Logs</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Lowest level shown</source>
        <translation>显示的最低级别</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Info and above</source>
        <translation>信息及以上</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>警告和错误</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>仅错误</translation>
    </message>
    <message>
        <source>Copy to clipboard</source>
        <translation>复制到剪贴板</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) copied</source>
        <translation>
            <numerusform>已复制 %n 行</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing logged at this level yet.</source>
        <translation>此级别尚无日志。</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>IdleForge</source>
        <translation>IdleForge</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Earnings</source>
        <translation>收益</translation>
    </message>
    <message>
        <source>Wallet</source>
        <translation>钱包</translation>
    </message>
    <message>
        <source>Hardware</source>
        <translation>硬件</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页面</translation>
    </message>
</context>
<context>
    <name>Onboarding</name>
    <message>
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
    <message>
        <source>IdleForge trains machine-learning models for the network while you are away from your PC, proves the work, and pays you for it. This guide sets up a wallet for the payouts, measures your hardware and asks when IdleForge may work. It takes two minutes.</source>
        <translation>当您离开电脑时，IdleForge 为网络训练机器学习模型，证明所做的工作，并为此向您付款。本向导将设置用于收款的钱包、测量您的硬件，并询问 IdleForge 何时可以工作。只需两分钟。</translation>
    </message>
    <message>
        <source>Payouts go to %1.</source>
        <translation>付款将转入 %1。</translation>
    </message>
    <message>
        <source>Payouts go to a wallet whose keys stay in your system keychain. Create a new one, or import the recovery phrase of one you have.</source>
        <translation>付款将转入一个密钥保存在系统密钥链中的钱包。请新建一个钱包，或导入已有钱包的恢复短语。</translation>
    </message>
    <message>
        <source>Create a wallet</source>
        <translation>创建钱包</translation>
    </message>
    <message>
        <source>Import a recovery phrase</source>
        <translation>导入恢复短语</translation>
    </message>
    <message>
        <source>IdleForge measures what this PC can compute, so the network offers it tasks that fit.</source>
        <translation>IdleForge 会测量这台电脑的计算能力，以便网络为它分配合适的任务。</translation>
    </message>
    <message>
        <source>Benchmark progress</source>
        <translation>基准测试进度</translation>
    </message>
    <message>
        <source>Measure now</source>
        <translation>立即测量</translation>
    </message>
    <message>
        <source>IdleForge works only while you are away, and stops the moment you touch the mouse or the keyboard or start a game.</source>
        <translation>IdleForge 只在您离开时工作，一旦您触碰鼠标或键盘或启动游戏，它会立即停止。</translation>
    </message>
    <message>
        <source>Start after this many idle minutes</source>
        <translation>空闲这么多分钟后开始</translation>
    </message>
    <message>
        <source>Idle minutes before work starts</source>
        <translation>开始工作前的空闲分钟数</translation>
    </message>
    <message>
        <source>Also work while on battery</source>
        <translation>使用电池时也工作</translation>
    </message>
    <message>
        <source>IdleForge can start with your desktop, minimized to the tray, so idle time is never missed.</source>
        <translation>IdleForge 可以随桌面启动并最小化到托盘，不错过任何空闲时间。</translation>
    </message>
    <message>
        <source>Start IdleForge when I log in</source>
        <translation>登录时启动 IdleForge</translation>
    </message>
    <message>
        <source>All set. IdleForge waits in the tray and starts working when you are away. The dashboard shows what it earns and how its work was verified.</source>
        <translation>一切就绪。IdleForge 在托盘中等待，并在您离开时开始工作。仪表板显示它的收益以及工作是如何验证的。</translation>
    </message>
    <message>
        <source>Skip the guide</source>
        <translation>跳过向导</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Open the dashboard</source>
        <translation>打开仪表板</translation>
    </message>
    <message>
        <source>Skip this step</source>
        <translation>跳过此步</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Lifetime</source>
        <translation>累计</translation>
    </message>
    <message>
        <source>Rate (7-day average)</source>
        <translation>速率（7 天平均）</translation>
    </message>
    <message>
        <source>Stake</source>
        <translation>质押</translation>
    </message>
    <message>
        <source>Current task</source>
        <translation>当前任务</translation>
    </message>
    <message>
        <source>No task right now</source>
        <translation>当前没有任务</translation>
    </message>
    <message>
        <source>Task progress</source>
        <translation>任务进度</translation>
    </message>
    <message>
        <source>Recent events</source>
        <translation>最近事件</translation>
    </message>
    <message>
        <source>Nothing yet: events appear here once the node works for the network.</source>
        <translation>暂无事件：节点为网络工作后，事件会显示在这里。</translation>
    </message>
</context>
<context>
    <name>PolicyEngine</name>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>Paused in the settings (mode: paused)</source>
        <translation>已在设置中暂停（模式：暂停）</translation>
    </message>
    <message>
        <source>Paused until you resume</source>
        <translation>已暂停，直到您继续</translation>
    </message>
    <message>
        <source>Paused by you until %1</source>
        <translation>您已暂停至 %1</translation>
    </message>
    <message>
        <source>A game just ended; resuming in %1</source>
        <translation>游戏刚刚结束；%1 后继续</translation>
    </message>
    <message>
        <source>Game running: %1</source>
        <translation>游戏运行中：%1</translation>
    </message>
    <message>
        <source>An exclusive app just ended; resuming in %1</source>
        <translation>独占程序刚刚结束；%1 后继续</translation>
    </message>
    <message>
        <source>%1 is running (exclusive apps)</source>
        <translation>%1 正在运行（独占程序）</translation>
    </message>
    <message>
        <source>On battery power</source>
        <translation>正在使用电池</translation>
    </message>
    <message>
        <source>Outside the schedule (%1)</source>
        <translation>不在计划时间内（%1）</translation>
    </message>
    <message>
        <source>%1 at %2 °C (limit %3 °C; resumes below %4 °C)</source>
        <translation>%1 温度 %2 °C（上限 %3 °C；低于 %4 °C 时继续）</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>A fullscreen window is open</source>
        <translation>有全屏窗口打开</translation>
    </message>
    <message>
        <source>Media playing: %1</source>
        <translation>正在播放媒体：%1</translation>
    </message>
    <message>
        <source>Cannot tell when you are away (no idle-time source); set mode to always to compute anyway</source>
        <translation>无法判断您何时离开（没有空闲时间来源）；将模式设为“始终”即可照常计算</translation>
    </message>
    <message>
        <source>Waiting for %1 without input (%2 so far)</source>
        <translation>等待 %1 无输入（目前 %2）</translation>
    </message>
    <message>
        <source>Other programs use %1 % of the CPU (limit %2 %)</source>
        <translation>其他程序占用 %1% 的 CPU（上限 %2%）</translation>
    </message>
    <message>
        <source>Another program is using the GPU</source>
        <translation>另一个程序正在使用 GPU</translation>
    </message>
    <message>
        <source>The GPU was just in use; resuming in %1</source>
        <translation>GPU 刚刚被使用；%1 后继续</translation>
    </message>
</context>
<context>
    <name>ReceiptText</name>
    <message>
        <source>Reward</source>
        <translation>奖励</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Stake</source>
        <translation>质押</translation>
    </message>
    <message>
        <source>Slash</source>
        <translation>罚没</translation>
    </message>
    <message>
        <source>Payout</source>
        <translation>付款</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待定</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>已验证</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已拒绝</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>Restore this wallet?</source>
        <translation>恢复此钱包？</translation>
    </message>
    <message>
        <source>IdleForge wallet backups (*.ifbackup)</source>
        <translation>IdleForge 钱包备份 (*.ifbackup)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Backup file</source>
        <translation>备份文件</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Password of the file</source>
        <translation>文件的密码</translation>
    </message>
    <message>
        <source>The backup holds the wallet %1. Store it in the system keychain and receive the payouts there?</source>
        <translation>该备份包含钱包 %1。将其保存到系统密钥链并在其中接收付款？</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Reset %1 to its default (%2)</source>
        <translation>将 %1 重置为默认值（%2）</translation>
    </message>
    <message>
        <source>Default: %1</source>
        <translation>默认：%1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>Every hour</source>
        <translation>每个小时</translation>
    </message>
    <message>
        <source>Evenings and weekends</source>
        <translation>晚上和周末</translation>
    </message>
</context>
<context>
    <name>WalletPage</name>
    <message>
        <source>Wallet</source>
        <translation>钱包</translation>
    </message>
    <message>
        <source>Replace this wallet?</source>
        <translation>替换此钱包？</translation>
    </message>
    <message>
        <source>The wallet %1 will be replaced. Without its recovery phrase or a backup, what it holds is lost. Back it up first if you have not.</source>
        <translation>钱包 %1 将被替换。没有它的恢复短语或备份，其中的资产将会丢失。如果尚未备份，请先备份。</translation>
    </message>
    <message>
        <source>Replace it</source>
        <translation>替换</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>No payout wallet yet. Create one, or bring the one you have with its recovery phrase or a backup file.</source>
        <translation>还没有收款钱包。请新建一个，或通过恢复短语或备份文件导入已有的钱包。</translation>
    </message>
    <message>
        <source>QR code of the payout address</source>
        <translation>收款地址的二维码</translation>
    </message>
    <message>
        <source>Payout address</source>
        <translation>收款地址</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the payout address</source>
        <translation>复制收款地址</translation>
    </message>
    <message>
        <source>Derivation path %1</source>
        <translation>派生路径 %1</translation>
    </message>
    <message>
        <source>Node ID %1</source>
        <translation>节点 ID %1</translation>
    </message>
    <message>
        <source>Create a new wallet</source>
        <translation>新建钱包</translation>
    </message>
    <message>
        <source>Create a wallet</source>
        <translation>创建钱包</translation>
    </message>
    <message>
        <source>Import a recovery phrase</source>
        <translation>导入恢复短语</translation>
    </message>
    <message>
        <source>Back up to a file</source>
        <translation>备份到文件</translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
</context>
<context>
    <name>idleforge::node::NodeService</name>
    <message>
        <source>Looking at your hardware…</source>
        <translation>正在检测硬件…</translation>
    </message>
    <message>
        <source>Starting the benchmark…</source>
        <translation>正在启动基准测试…</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>正在启动</translation>
    </message>
    <message>
        <source>Measuring your hardware</source>
        <translation>正在测量硬件</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>idleforge::node::PolicyDriver</name>
    <message>
        <source>Looking at what the machine is doing</source>
        <translation>正在查看机器的状态</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>工作中</translation>
    </message>
</context>
<context>
    <name>idleforge::policy</name>
    <message>
        <source>schedule entry &apos;%1&apos;: %2</source>
        <translation>计划条目“%1”：%2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a day (mon..sun), a range like mon-fri, or daily</source>
        <translation>“%1”不是日期（mon..sun）、类似 mon-fri 的范围或 daily</translation>
    </message>
    <message>
        <source>expected DAYS START-END, e.g. mon-fri 18-8</source>
        <translation>应为 日期 开始-结束，例如 mon-fri 18-8</translation>
    </message>
    <message>
        <source>hours are 0-24, start before or after end but not equal to it</source>
        <translation>小时为 0-24，开始可早于或晚于结束，但不能相同</translation>
    </message>
</context>
<context>
    <name>idleforge::settings</name>
    <message>
        <source>%1 = &apos;%2&apos;: %3</source>
        <translation>%1 = “%2”：%3</translation>
    </message>
    <message>
        <source>not a number</source>
        <translation>不是数字</translation>
    </message>
    <message>
        <source>not a whole number</source>
        <translation>不是整数</translation>
    </message>
    <message>
        <source>out of range %1..%2</source>
        <translation>超出范围 %1..%2</translation>
    </message>
    <message>
        <source>no setting named &apos;%1&apos; (idleforgectl config list shows them)</source>
        <translation>没有名为“%1”的设置（idleforgectl config list 可列出所有设置）</translation>
    </message>
    <message>
        <source>expected true or false</source>
        <translation>应为 true 或 false</translation>
    </message>
    <message>
        <source>expected one of %1</source>
        <translation>应为以下之一：%1</translation>
    </message>
    <message>
        <source>resume_temp_c (%1) must be below max_temp_c (%2)</source>
        <translation>resume_temp_c（%1）必须低于 max_temp_c（%2）</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a process name (no paths; names are separated by commas)</source>
        <translation>“%1”不是进程名（不含路径；名称用逗号分隔）</translation>
    </message>
    <message>
        <source>expected ws://host:port or wss://host:port</source>
        <translation>应为 ws://主机:端口 或 wss://主机:端口</translation>
    </message>
    <message>
        <source>expected the coordinator&apos;s Ed25519 public key in base58 (32 bytes)</source>
        <translation>应为 base58 编码的协调器 Ed25519 公钥（32 字节）</translation>
    </message>
    <message>
        <source>When to compute</source>
        <translation>何时计算</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>应用程序</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>When to compute: auto (only while you are away and nothing else needs the machine), always (a dedicated machine: ignores input, fullscreen and media; the default of --headless), paused.</source>
        <translation>何时计算：auto（仅在您离开且没有其他程序需要机器时）、always（专用机器：忽略输入、全屏和媒体；--headless 的默认值）、paused（暂停）。</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Minutes without keyboard or mouse input before work starts (fractions allowed).</source>
        <translation>开始工作前无键盘或鼠标输入的分钟数（可为小数）。</translation>
    </message>
    <message>
        <source>Idle time (minutes)</source>
        <translation>空闲时间（分钟）</translation>
    </message>
    <message>
        <source>Programs that pause all work while they run, by process name, separated by commas.</source>
        <translation>运行时会暂停所有工作的程序，按进程名填写，用逗号分隔。</translation>
    </message>
    <message>
        <source>Exclusive programs</source>
        <translation>独占程序</translation>
    </message>
    <message>
        <source>Pause CPU work while other programs use more than this share of the CPU (percent, over 10 s).</source>
        <translation>当其他程序占用的 CPU 超过此比例时暂停 CPU 工作（百分比，10 秒内）。</translation>
    </message>
    <message>
        <source>Other programs&apos; CPU use (%)</source>
        <translation>其他程序的 CPU 占用（%）</translation>
    </message>
    <message>
        <source>Pause work on a CPU or GPU hotter than this (degrees Celsius).</source>
        <translation>CPU 或 GPU 温度高于此值时暂停工作（摄氏度）。</translation>
    </message>
    <message>
        <source>Pause above (°C)</source>
        <translation>高于此温度暂停（°C）</translation>
    </message>
    <message>
        <source>Resume once it has cooled below this (degrees Celsius; below the pause temperature).</source>
        <translation>冷却到此温度以下后继续（摄氏度；低于暂停温度）。</translation>
    </message>
    <message>
        <source>Resume below (°C)</source>
        <translation>低于此温度继续（°C）</translation>
    </message>
    <message>
        <source>Compute while the machine runs on battery.</source>
        <translation>机器使用电池时也进行计算。</translation>
    </message>
    <message>
        <source>Run on battery</source>
        <translation>使用电池时运行</translation>
    </message>
    <message>
        <source>The hours work may run, e.g. &apos;mon-fri 18-8; sat,sun 0-24&apos; (always: every hour).</source>
        <translation>允许工作的时段，例如“mon-fri 18-8; sat,sun 0-24”（always：全天）。</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>Say when work starts after idle, when it pauses for a game, when a task is verified and paid, when an audit of your work fails, when a dispute is won or lost and when stake is slashed.</source>
        <translation>在以下情况通知：空闲后开始工作、因游戏暂停、任务验证并付款、您的工作未通过审计、争议胜诉或败诉、质押被罚没。</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>Start IdleForge minimized in the tray at login.</source>
        <translation>登录时启动 IdleForge 并最小化到托盘。</translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation>登录时启动</translation>
    </message>
    <message>
        <source>The language of the dashboard and the tray (system: the desktop&apos;s language).</source>
        <translation>仪表板和托盘的语言（system：桌面的语言）。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The coordinator to provide to, ws://host:port or wss://host:port; empty: stay offline. --coordinator and --devnet take precedence. Takes effect at the next start.</source>
        <translation>为之提供算力的协调器，ws://主机:端口 或 wss://主机:端口；留空：保持离线。--coordinator 和 --devnet 优先。下次启动时生效。</translation>
    </message>
    <message>
        <source>Coordinator address</source>
        <translation>协调器地址</translation>
    </message>
    <message>
        <source>The coordinator&apos;s public key (base58), pinned: receipts are checked against it. --coordinator-key takes precedence. Takes effect at the next start.</source>
        <translation>协调器的公钥（base58），已固定：收据将据此校验。--coordinator-key 优先。下次启动时生效。</translation>
    </message>
    <message>
        <source>Coordinator key</source>
        <translation>协调器公钥</translation>
    </message>
    <message>
        <source>How far the first-run guide got (100: done; it is not shown again).</source>
        <translation>首次运行向导的进度（100：已完成；不再显示）。</translation>
    </message>
    <message>
        <source>First-run guide</source>
        <translation>首次运行向导</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::ActivityModel</name>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Committed</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Audited</source>
        <translation>已审计</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>已验证</translation>
    </message>
    <message>
        <source>Disputed</source>
        <translation>有争议</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>胜诉</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>败诉</translation>
    </message>
    <message>
        <source>Slashed</source>
        <translation>被罚没</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>审计</translation>
    </message>
    <message>
        <source>Dispute</source>
        <translation>争议</translation>
    </message>
    <message>
        <source>solver</source>
        <translation>求解方</translation>
    </message>
    <message>
        <source>auditor</source>
        <translation>审计方</translation>
    </message>
    <message>
        <source>%1 %2 (as %3)</source>
        <translation>%1 %2（作为%3）</translation>
    </message>
    <message>
        <source>%1 %2 of %3 (as %4)</source>
        <translation>%1 %3 的 %2（作为%4）</translation>
    </message>
    <message numerus="yes">
        <source>%n step(s)</source>
        <translation>
            <numerusform>%n 步</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Step %1: does not match</source>
        <translation>第 %1 步：不一致</translation>
    </message>
    <message>
        <source>%1 %2 credits (%3), receipt %4</source>
        <translation>%1 %2 积分（%3），收据 %4</translation>
    </message>
    <message>
        <source>the solver</source>
        <translation>求解方</translation>
    </message>
    <message>
        <source>the auditor</source>
        <translation>审计方</translation>
    </message>
    <message>
        <source>neither side</source>
        <translation>双方均不</translation>
    </message>
    <message>
        <source>The referee ruled for %1.</source>
        <translation>裁判裁定%1胜诉。</translation>
    </message>
    <message>
        <source>Step %1, node %2: operator %3 (%4).</source>
        <translation>第 %1 步，节点 %2：算子 %3（%4）。</translation>
    </message>
    <message numerus="yes">
        <source>%n sampled step(s) match: %1</source>
        <translation>
            <numerusform>%n 个抽样步骤一致：%1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>idleforge::ui::EarningsModel</name>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message numerus="yes">
        <source>Last %n day(s): %1</source>
        <translation>
            <numerusform>最近 %n 天：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved the receipts to %1</source>
        <translation>收据已保存到 %1</translation>
    </message>
    <message>
        <source>Could not save the receipts: %1</source>
        <translation>无法保存收据：%1</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::HardwareModel</name>
    <message>
        <source>Matrix multiply (%1)</source>
        <translation>矩阵乘法（%1）</translation>
    </message>
    <message>
        <source>Memory bandwidth</source>
        <translation>内存带宽</translation>
    </message>
    <message>
        <source>Host to device copy</source>
        <translation>主机到设备复制</translation>
    </message>
    <message>
        <source>Training step (fast)</source>
        <translation>训练步骤（快速）</translation>
    </message>
    <message>
        <source>Training step (reproducible)</source>
        <translation>训练步骤（可复现）</translation>
    </message>
    <message>
        <source>%1 GiB</source>
        <translation>%1 GiB</translation>
    </message>
    <message>
        <source>%1, %2, %3 MHz, %4 RAM</source>
        <extracomment>%1: &quot;8 cores&quot;, %2: &quot;16 threads&quot;, %3: the base clock, %4: &quot;31.2 GiB&quot;</extracomment>
        <translation>%1，%2，%3 MHz，%4 内存</translation>
    </message>
    <message numerus="yes">
        <source>%n core(s)</source>
        <translation>
            <numerusform>%n 核</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n thread(s)</source>
        <translation>
            <numerusform>%n 线程</numerusform>
        </translation>
    </message>
    <message>
        <source>compute capability %1, %2 SMs, %3 VRAM</source>
        <translation>计算能力 %1，%2 个 SM，%3 显存</translation>
    </message>
    <message>
        <source>, %1 °C</source>
        <translation>，%1 °C</translation>
    </message>
    <message>
        <source>of %1 %2 peak</source>
        <translation>（峰值 %1 %2）</translation>
    </message>
    <message>
        <source>first measurement</source>
        <translation>首次测量</translation>
    </message>
    <message numerus="yes">
        <source>%n earlier run(s), from %1 to %2 %3</source>
        <translation>
            <numerusform>之前 %n 次运行，%1 至 %2 %3</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <extracomment>a benchmark stage on a device: &quot;Memory bandwidth on AMD Ryzen 7 5800X&quot;</extracomment>
        <translation>%2 上的%1</translation>
    </message>
    <message>
        <source>%1, Vulkan driver %2, %3</source>
        <extracomment>a Vulkan device: %1 vendor, %2 driver, %3 &quot;2.0 GiB&quot;</extracomment>
        <translation>%1，Vulkan 驱动 %2，%3</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::HardwarePageModel</name>
    <message>
        <source>Measured %1 (stored; measured again after 30 days or a hardware change)</source>
        <translation>测量于 %1（已保存；30 天后或硬件变更后重新测量）</translation>
    </message>
    <message>
        <source>Measured %1</source>
        <translation>测量于 %1</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::LogModel</name>
    <message>
        <source>Debug</source>
        <translation>调试</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::NetworkModel</name>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>registering</source>
        <translation>正在注册</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>connected, task leased</source>
        <translation>已连接，已领取任务</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练中</translation>
    </message>
    <message>
        <source>re-running for a dispute</source>
        <translation>为争议重新运行</translation>
    </message>
    <message>
        <source>Network: %1</source>
        <translation>网络：%1</translation>
    </message>
    <message>
        <source> - %1 %2, step %3 of %4</source>
        <translation> – %1 %2，第 %3 步，共 %4 步</translation>
    </message>
    <message>
        <source> - paused: not enough disk space for a new task</source>
        <translation> – 已暂停：磁盘空间不足，无法接新任务</translation>
    </message>
    <message numerus="yes">
        <source>Balance %1 credits, stake %2 (%n receipt(s) this session)</source>
        <translation>
            <numerusform>余额 %1 积分，质押 %2（本次会话 %n 张收据）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>idleforge::ui::OnboardingModel</name>
    <message>
        <source>Welcome to IdleForge</source>
        <translation>欢迎使用 IdleForge</translation>
    </message>
    <message>
        <source>Your payout wallet</source>
        <translation>您的收款钱包</translation>
    </message>
    <message>
        <source>Measuring this PC</source>
        <translation>测量这台电脑</translation>
    </message>
    <message>
        <source>When to work</source>
        <translation>何时工作</translation>
    </message>
    <message>
        <source>Start with your PC</source>
        <translation>随电脑启动</translation>
    </message>
    <message>
        <source>All set</source>
        <translation>一切就绪</translation>
    </message>
    <message>
        <source>%1: %2 GFLOP/s</source>
        <translation>%1：%2 GFLOP/s</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::OverviewModel</name>
    <message>
        <source>Measured %1 (stored; re-measured after 30 days or a hardware change)</source>
        <translation>测量于 %1（已保存；30 天后或硬件变更后重新测量）</translation>
    </message>
    <message>
        <source>Measured %1</source>
        <translation>测量于 %1</translation>
    </message>
    <message>
        <source>%1 GFLOP/s</source>
        <translation>%1 GFLOP/s</translation>
    </message>
    <message>
        <source>%1% of the theoretical peak</source>
        <translation>理论峰值的 %1%</translation>
    </message>
    <message>
        <source>%1 GB/s</source>
        <translation>%1 GB/s</translation>
    </message>
    <message>
        <source>%1, %2, %3 GiB RAM, %4</source>
        <extracomment>%1: &quot;8 cores&quot;, %2: &quot;16 threads&quot;, %3: the memory in GiB, %4: the CPU&apos;s instruction sets</extracomment>
        <translation>%1，%2，%3 GiB 内存，%4</translation>
    </message>
    <message numerus="yes">
        <source>%n core(s)</source>
        <translation>
            <numerusform>%n 核</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n thread(s)</source>
        <translation>
            <numerusform>%n 线程</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>idleforge::ui::RewardNotifier</name>
    <message>
        <source>Task verified and paid</source>
        <translation>任务已验证并付款</translation>
    </message>
    <message>
        <source>%1 earned %2 credits.</source>
        <translation>%1 赚得 %2 积分。</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) verified and paid: %1 credits.</source>
        <translation>
            <numerusform>%n 个任务已验证并付款：%1 积分。</numerusform>
        </translation>
    </message>
    <message>
        <source>An audit of your work failed</source>
        <translation>您的工作未通过审计</translation>
    </message>
    <message>
        <source>%1 goes to a dispute; the referee will decide.</source>
        <translation>%1 进入争议；将由裁判裁决。</translation>
    </message>
    <message numerus="yes">
        <source>%n audit(s) of your work failed; disputes follow.</source>
        <translation>
            <numerusform>您的工作有 %n 次审计未通过；随后将进入争议。</numerusform>
        </translation>
    </message>
    <message>
        <source>Dispute won</source>
        <translation>争议胜诉</translation>
    </message>
    <message>
        <source>The referee ruled for you on %1.</source>
        <translation>裁判在 %1 上裁定您胜诉。</translation>
    </message>
    <message numerus="yes">
        <source>You won %n dispute(s).</source>
        <translation>
            <numerusform>您赢得了 %n 起争议。</numerusform>
        </translation>
    </message>
    <message>
        <source>Dispute lost</source>
        <translation>争议败诉</translation>
    </message>
    <message>
        <source>The referee ruled against you on %1.</source>
        <translation>裁判在 %1 上裁定您败诉。</translation>
    </message>
    <message numerus="yes">
        <source>You lost %n dispute(s).</source>
        <translation>
            <numerusform>您输掉了 %n 起争议。</numerusform>
        </translation>
    </message>
    <message>
        <source>Stake slashed</source>
        <translation>质押被罚没</translation>
    </message>
    <message>
        <source>%1 credits of your stake were slashed.</source>
        <translation>您的质押被罚没了 %1 积分。</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::SensorModel</name>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>%1 °C</source>
        <translation>%1 °C</translation>
    </message>
    <message>
        <source>%1% busy</source>
        <translation>占用 %1%</translation>
    </message>
    <message>
        <source>%1 of %2 GiB</source>
        <translation>%1 / %2 GiB</translation>
    </message>
    <message>
        <source>%1 W</source>
        <translation>%1 W</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::SettingsModel</name>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>While I am away</source>
        <translation>我离开时</translation>
    </message>
    <message>
        <source>Always (dedicated machine)</source>
        <translation>始终（专用机器）</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>On</source>
        <translation>开</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 至 %2</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::StatusModel</name>
    <message>
        <source>Working for the network</source>
        <translation>正在为网络工作</translation>
    </message>
    <message>
        <source>Waiting until you are away</source>
        <translation>等待您离开</translation>
    </message>
    <message>
        <source>Paused by you</source>
        <translation>已被您暂停</translation>
    </message>
    <message>
        <source>Paused for your game</source>
        <translation>因游戏暂停</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n 秒</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n 分钟</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>正在启动</translation>
    </message>
    <message>
        <source>Re-running task %1 for a dispute</source>
        <translation>为争议重新运行任务 %1</translation>
    </message>
    <message>
        <source>Training task %1</source>
        <translation>正在训练任务 %1</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 token/秒</translation>
    </message>
    <message>
        <source>About %1 left</source>
        <translation>大约还剩 %1</translation>
    </message>
    <message>
        <source>Measuring the speed</source>
        <translation>正在测量速度</translation>
    </message>
    <message>
        <source>%1 credits/day</source>
        <translation>%1 积分/天</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 %2 of %3</source>
        <translation>%3 的%1 %2</translation>
    </message>
    <message>
        <source>%1  %2: %3</source>
        <translation>%1  %2：%3</translation>
    </message>
    <message>
        <source>, net %1</source>
        <translation>，净额 %1</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::TrayController</name>
    <message>
        <source>Working for the network</source>
        <translation>正在为网络工作</translation>
    </message>
    <message>
        <source>Waiting until you are away</source>
        <translation>等待您离开</translation>
    </message>
    <message>
        <source>Paused for your game</source>
        <translation>因游戏暂停</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Pause for 1 hour</source>
        <translation>暂停 1 小时</translation>
    </message>
    <message>
        <source>Pause until resumed</source>
        <translation>暂停直到继续</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Open dashboard</source>
        <translation>打开仪表板</translation>
    </message>
    <message>
        <source>Quit IdleForge</source>
        <translation>退出 IdleForge</translation>
    </message>
    <message>
        <source>IdleForge is working</source>
        <translation>IdleForge 正在工作</translation>
    </message>
    <message>
        <source>Your PC is idle, so it trains for the network. Touch the mouse or keyboard and it stops.</source>
        <translation>您的电脑处于空闲状态，因此正在为网络训练。触碰鼠标或键盘即可停止。</translation>
    </message>
    <message>
        <source>IdleForge: %1</source>
        <translation>IdleForge：%1</translation>
    </message>
    <message>
        <source>%1: %2 GFLOP/s</source>
        <translation>%1：%2 GFLOP/s</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::WalletModel</name>
    <message>
        <source>Kept in the system keychain</source>
        <translation>保存在系统密钥链中</translation>
    </message>
    <message>
        <source>Kept in %1</source>
        <translation>保存在 %1</translation>
    </message>
    <message>
        <source>Address copied</source>
        <translation>地址已复制</translation>
    </message>
    <message>
        <source>Word %1 does not match. Check what you wrote down.</source>
        <translation>第 %1 个单词不匹配。请检查您记下的内容。</translation>
    </message>
    <message>
        <source>Storing the wallet in the keychain…</source>
        <translation>正在将钱包保存到密钥链…</translation>
    </message>
    <message>
        <source>Wallet %1 stored. The node pays to it from its next start.</source>
        <translation>钱包 %1 已保存。节点下次启动后将向其付款。</translation>
    </message>
    <message>
        <source>Choose where to write the backup.</source>
        <translation>选择备份的写入位置。</translation>
    </message>
    <message numerus="yes">
        <source>The backup password needs at least %n characters.</source>
        <translation>
            <numerusform>备份密码至少需要 %n 个字符。</numerusform>
        </translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>Encrypting the backup…</source>
        <translation>正在加密备份…</translation>
    </message>
    <message>
        <source>Backup written to %1. Keep the file and its password apart.</source>
        <translation>备份已写入 %1。请将文件和密码分开保管。</translation>
    </message>
    <message>
        <source>Choose the backup file and type its password.</source>
        <translation>选择备份文件并输入其密码。</translation>
    </message>
    <message>
        <source>Opening the backup…</source>
        <translation>正在打开备份…</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::WalletTasks</name>
    <message>
        <source>%1 already holds a payout wallet; back it up and confirm that it may be replaced</source>
        <translation>%1 已有收款钱包；请先备份，并确认可以替换</translation>
    </message>
    <message>
        <source>the stored node identity is not a 32-byte seed</source>
        <translation>保存的节点身份不是 32 字节的种子</translation>
    </message>
    <message>
        <source>cannot replace %1</source>
        <translation>无法替换 %1</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>%1 is not a file</source>
        <translation>%1 不是文件</translation>
    </message>
    <message>
        <source>%1 holds no payout wallet</source>
        <translation>%1 中没有收款钱包</translation>
    </message>
</context>
</TS>
