"""Django's password validators with our own Chinese messages.

Django's zh-hans translation lacks some of them (the too-short message comes out in English),
so every message and help text is written here once, in the words the users see.
"""

from django.contrib.auth import password_validation as pv


class MinimumLengthValidator(pv.MinimumLengthValidator):
    def get_error_message(self):
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self):
        return f"至少 {self.min_length} 个字符。"


class UserAttributeSimilarityValidator(pv.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return "密码与%(verbose_name)s太相似，请换一个。"

    def get_help_text(self):
        return "不能与工号、姓名等个人信息相似。"


class CommonPasswordValidator(pv.CommonPasswordValidator):
    def get_error_message(self):
        return "这个密码太常见，容易被猜到，请换一个。"

    def get_help_text(self):
        return "不能是常见密码。"


class NumericPasswordValidator(pv.NumericPasswordValidator):
    def get_error_message(self):
        return "密码不能全是数字。"

    def get_help_text(self):
        return "不能全是数字。"
