/*
 * Simplified Chinese for Plotly's own strings (toolbar, notifications) and its date formatting,
 * written for this project. Served from assets/ so it works offline; selected per chart with
 * config.locale = "zh-CN".
 */
(function () {
  var locale = {
    moduleType: "locale",
    name: "zh-CN",
    dictionary: {
      "Autoscale": "自动缩放",
      "Box Select": "矩形选择",
      "Click to enter Colorscale title": "点击输入色阶标题",
      "Click to enter Component A title": "点击输入分量A标题",
      "Click to enter Component B title": "点击输入分量B标题",
      "Click to enter Component C title": "点击输入分量C标题",
      "Click to enter Plot title": "点击输入图表标题",
      "Click to enter X axis title": "点击输入X轴标题",
      "Click to enter Y axis title": "点击输入Y轴标题",
      "Compare data on hover": "悬停时比较数据",
      "Double-click on legend to isolate one trace": "双击图例可单独显示一条曲线",
      "Double-click to zoom back out": "双击恢复缩放",
      "Download plot": "下载图表",
      "Download plot as a PNG": "下载图表（PNG）",
      "Download plot as JSON": "下载图表（JSON）",
      "Draw circle": "画圆",
      "Draw closed freeform": "画封闭图形",
      "Draw line": "画线",
      "Draw open freeform": "画开放图形",
      "Draw rectangle": "画矩形",
      "Erase active shape": "删除选中图形",
      "Image download succeeded": "图片下载成功",
      "JSON download succeeded": "JSON下载成功",
      "Lasso Select": "套索选择",
      "Orbital rotation": "轨道旋转",
      "Pan": "平移",
      "Preparing image - this may take a few seconds": "正在生成图片，请稍候",
      "Produced with Plotly.js": "由 Plotly.js 生成",
      "Reset": "重置",
      "Reset axes": "重置坐标轴",
      "Reset camera to default": "相机恢复默认",
      "Reset camera to last save": "相机恢复上次保存",
      "Reset view": "重置视图",
      "Reset views": "重置所有视图",
      "Share chart...": "分享图表…",
      "Show closest data on hover": "悬停时显示最近的数据",
      "Snapshot succeeded": "截图成功",
      "Sorry, there was a problem downloading your JSON file!": "抱歉，JSON文件下载失败！",
      "Sorry, there was a problem downloading your image!": "抱歉，图片下载失败！",
      "Take snapshot": "截图",
      "Toggle Spike Lines": "显示/隐藏辅助线",
      "Toggle show closest data on hover": "切换悬停显示最近数据",
      "Turntable rotation": "转盘旋转",
      "Zoom": "缩放",
      "Zoom in": "放大",
      "Zoom out": "缩小",
      "close:": "收盘：",
      "high:": "最高：",
      "low:": "最低：",
      "open:": "开盘：",
      "max:": "最大值：",
      "mean:": "平均值：",
      "median:": "中位数：",
      "min:": "最小值：",
      "trace": "曲线",
      "new text": "新文本"
    },
    format: {
      days: ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
      shortDays: ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
      months: ["一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月"],
      shortMonths: ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
      date: "%Y-%m-%d",
      decimal: ".",
      thousands: ",",
      year: "%Y年",
      month: "%Y年%-m月",
      dayMonth: "%-m月%-d日",
      dayMonthYear: "%Y年%-m月%-d日"
    }
  };
  /* plotly.js may load after this file: register now if it is there, otherwise when it arrives. */
  function register() {
    if (window.Plotly && typeof window.Plotly.register === "function") {
      window.Plotly.register(locale);
      return true;
    }
    return false;
  }
  if (!register()) {
    var tries = 0;
    var timer = setInterval(function () {
      tries += 1;
      if (register() || tries > 600) {
        clearInterval(timer);
      }
    }, 50);
  }
})();
